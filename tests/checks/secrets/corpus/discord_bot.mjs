import { Client, GatewayIntentBits } from "discord.js";

const DISCORD_TOKEN = "Njg2MDA5ODgwNjM2MjY5MzQw.nvbhzx.KdFguBxSu6fv2OqkAKf3TqWeMHTBs1B5m36Lgk";

export default defineComponent({
  async run({ steps, $ }) {
    const client = new Client({ intents: [GatewayIntentBits.Guilds] });
    await client.login(DISCORD_TOKEN);
    const channel = await client.channels.fetch("1100223344556677889");
    await channel.send(steps.trigger.event.body.message);
    await client.destroy();
  },
});
