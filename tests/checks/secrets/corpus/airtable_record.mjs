import Airtable from "airtable";

const base = new Airtable({ apiKey: "patZY78z1H98VESSP.c300abd8ba2821f123d75cc57ca8e5c3f1ea8097c415bb6a48bf039ca40fbb48" }).base("appA1b2C3d4E5f6G7");

export default defineComponent({
  async run({ steps, $ }) {
    const created = await base("Leads").create([{ fields: steps.trigger.event.body }]);
    return created.map((r) => r.getId());
  },
});
