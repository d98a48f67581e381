import Replicate from "replicate";
import { HfInference } from "@huggingface/inference";
import Groq from "groq-sdk";

const replicate = new Replicate({ auth: "r8_1xxISxZ5YSonrfUHM1SDeNVIkrwysGC1YU7Ta" });
const hf = new HfInference("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");
const groq = new Groq({ apiKey: "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" });
const PERPLEXITY_API_KEY = "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";

export default defineComponent({
  async run({ steps, $ }) {
    const prompt = steps.trigger.event.body.prompt;
    const out = await groq.chat.completions.create({ model: "llama-3.1-8b-instant", messages: [{ role: "user", content: prompt }] });
    return { groq: out.choices[0].message.content, hf: Boolean(hf), replicate: Boolean(replicate), pplx: PERPLEXITY_API_KEY.length };
  },
});
