import axios from "axios";

const BOT_TOKEN = "7807910292:AAcSpLj7995OP_anNWc_meW9iSm7acNhLf7";
const CHAT_ID = "-1001234567890";

export default defineComponent({
  async run({ steps, $ }) {
    const text = `Alert: ${steps.trigger.event.body.message}`;
    await axios.post(`https://api.telegram.org/bot${BOT_TOKEN}/sendMessage`, { chat_id: CHAT_ID, text });
    return "sent";
  },
});
