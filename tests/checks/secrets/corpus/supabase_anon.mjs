import { createClient } from "@supabase/supabase-js";

// The anon key is public by design (row level security protects the data).
const supabase = createClient("https://abcdefghijklmnopqrst.supabase.co", "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJpc3MiOiAic3VwYWJhc2UiLCAicmVmIjogIm1iYWJqeGp0aXZjdGhzYWJmYXN1IiwgInJvbGUiOiAiYW5vbiIsICJpYXQiOiAxNzAwMDAwMDAwLCAiZXhwIjogMjAxNTU3NjAwMH0.2HnNomh-gWvR2w-nLIMhLz59l9MxqhcG4wp3VpAIQRy");

export default defineComponent({
  async run({ steps, $ }) {
    const { data } = await supabase.from("public_posts").select("*").limit(10);
    return data;
  },
});
