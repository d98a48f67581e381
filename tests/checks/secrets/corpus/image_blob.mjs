const LOGO = "data:image/png;base64,r/cVVrLjhxbIaDSo4wmX57wVhzISqLuaXVgVxzBt98MBat2TVUXeYVZFXnmgzJ+rVjTp6yzeryNs+qDFDSoplAJREX/wEYzNFCr9vn9TKrtCpZPB3B2/ovUWJdN9N+BiNcvvoyBM9pN+uXyDd/PHYKhJEWxCobijvN0fk5a0k1vb0bcdLfAvrcs8UBE75HQEwtljP0W77b+3ybRt9c+bTMS3SorNEW7lxSxpZT8M5spqKJ8A7eiM+6ZQZK4/PoTrVnUr7nYDVrUIOJXm/O3WXQoBlpQiTB04gNydKhu8yPsPxf9Y9/OdHULgRTeJHvWFOt3EtFY5yKLMWDosVLCHVTeosjSr6e0zwXOMJCAq3dKbG8syvpL4RKcjplnPp7/w631jyvxWI3ntCk9vbOdYaeKxK+iBKnwoHahjLZAIH6ZCL1tAOIk9/LDSJceGUlOtTbkojLCcmsx5WP2nCzk/LXD9ajw66/Iojnjr7a9GmT9NjNPkHk0eUckzUz1eOIvH7SlEpoPmfE9AIrEwVapX/Hbu+xSuaUPWKOyHpPotVnlHsVcGpsiOc0PVNWNSlInfajgVyXbivkBG6CxCB4mZe+5OWVrUsKtkbHz+IoCWqlRFxb9QB7PhG+Iuo38K4wmmzHVue9t3Td7lGXfqaanblneEmryOwoWyMb6I6R3HjfirG7q24zqMs0ud5HNPvx3MwhmfMINNCjySI02DZhjKriU+R4lLVU3abZroFpmtSfPLsMMUY0ZF9qcgNvduDGr9Ao60NW2TBjMcpp5SHvuU1eCcD6HIydrA";

export default defineComponent({
  async run({ steps, $ }) {
    await $.respond({
      status: 200,
      headers: { "Content-Type": "text/html" },
      body: `<html><body><img src="${LOGO}" alt="logo"/></body></html>`,
    });
  },
});
