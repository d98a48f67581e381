const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,}$/;
const keyFormat = "^(sk|rk)_(live|test)_[0-9a-zA-Z]{24,}$";

module.exports = defineComponent({
  async run({ steps, $ }) {
    const candidate = steps.trigger.event.body.key;
    return { valid: TOKEN_PATTERN.test(candidate) && new RegExp(keyFormat).test(candidate) };
  },
});
