import OpenAI from "openai";

const openai = new OpenAI({ apiKey: "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" });

export default defineComponent({
  async run({ steps, $ }) {
    const completion = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Summarize the ticket in one sentence." },
        { role: "user", content: steps.trigger.event.body.ticket },
      ],
    });
    return completion.choices[0].message.content;
  },
});
