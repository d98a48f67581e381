export default defineComponent({
  async run({ steps, $ }) {
    const token = "ghp_vepUc3fYrwr2AL4Z4qVDonaMN9bsAEnzkTAF"
    if (steps.trigger.event.body {{
      return
  },
