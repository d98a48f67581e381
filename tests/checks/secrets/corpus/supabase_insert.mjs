import { createClient } from "@supabase/supabase-js";

const supabase = createClient(
  "https://abcdefghijklmnopqrst.supabase.co",
  "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJpc3MiOiAic3VwYWJhc2UiLCAicmVmIjogImlxcGJrcG12b2lxZ2FzcHRma2l1IiwgInJvbGUiOiAic2VydmljZV9yb2xlIiwgImlhdCI6IDE3MDAwMDAwMDAsICJleHAiOiAyMDE1NTc2MDAwfQ.IZRfhKFl04aWgomUhRBILkM1zp9ZHGI9dGRSnGZ5ffg",
);

export default defineComponent({
  async run({ steps, $ }) {
    const { error } = await supabase.from("events").insert(steps.trigger.event.body);
    if (error) throw error;
    return "inserted";
  },
});
