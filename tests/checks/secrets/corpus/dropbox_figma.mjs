import axios from "axios";

const dropboxToken = "sl.u.1_PMN1VLotYEEYqlWbfD-PPKJTsMCN3tA9AvmD2Kq83ObaUT0Pq8M-Yq1CEoWrT8JBbh-i00QCU64e1M1RLmMuxjehPf83xZPC-S6w9qTHowOmA6ph1qRaWx31mpZyvbAhYhYD3rHLNT";

export default defineComponent({
  async run({ steps, $ }) {
    const file = await axios.get("https://api.figma.com/v1/files/AbCdEf123", {
      headers: { "X-Figma-Token": "figd_QtwsL_x-WUZaCbOuVh_EqaEl3NVqK6LFUF8jUHV6" },
    });
    await axios.post("https://content.dropboxapi.com/2/files/upload", JSON.stringify(file.data), {
      headers: { Authorization: `Bearer ${dropboxToken}`, "Dropbox-API-Arg": JSON.stringify({ path: "/figma.json" }) },
    });
  },
});
