const lock = {
  name: "left-pad",
  version: "1.3.0",
  integrity: "sha512-TzYTK65SAm4mj36NTae28sReUHee+a0FZUdWfW+GKCw4tztSXKQW/iW9bkFtoy0pE46N9RGqsYP2qZCHhCuNYg==",
  resolved: "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
};

module.exports = defineComponent({
  async run({ steps, $ }) {
    return lock.integrity.startsWith("sha512-");
  },
});
