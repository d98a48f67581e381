const axios = require("axios");

const config = {
  userToken: "xoxp-81182082202-70075910657-4481311679565-9779a25bae1efde6d2353363634ab818",
  appToken: "xapp-1-AG7S0NM3O27-9835726358379-d46b5e0bf97a17299b15fb2c5013f8faeaa9baf1c43502ca709d86e8e2ff59cb",
};

module.exports = defineComponent({
  async run({ steps, $ }) {
    const res = await axios.get("https://slack.com/api/users.list", {
      headers: { Authorization: `Bearer ${config.userToken}` },
    });
    return res.data.members.length;
  },
});
