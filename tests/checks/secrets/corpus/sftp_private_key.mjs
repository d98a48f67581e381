import SftpClient from "ssh2-sftp-client";

const privateKey = `-----BEGIN OPENSSH PRIVATE KEY-----
99UNoyWmQpQolIkJXdcSbOIPdEuLlzljzbmBSEqX+nZzQuEe6coi939L8JIB+uSr
CkpyP735kQCU490XCzKQDUDCBTetHTYvy5O6UtP9/VxaigOFsWhfuhSaq3Oo7CWV
DV3lQuuXH7fRSshoC0x0CzO/ZvOLLbD4pEUnxovFV/HkH8IlXP6EqKgSymfnKCCX
EvXDg/dEJTUOQvss0vBsCTmgqq5c2cR0SJd0ygsuBJuo/DzcxFiObS0QEzs5PqgW
Ug1Bz/8sw1EvkrdIUDue8eKgHTDBiiXL9wy0fHiGc+oPZPpjARaNvzApJVm90jCw
IsLDpx7b5eyT+dSPNHjkib1oHqCz56622nRhfRUSVU82seUKvLRk4aBrKhwioQdm
Pv/IAYR9Kq1blJXCgzgRZXyMUmFKVCZatYQ1jnlUjJYlxIWeTAiC3be9eGC43BU5
/2ToTs7unuB6QwpeYZsRMwtXfT0cJems36LQH43GwVlnbJveWq+TFCV2v+74g+Vq
lkXMzFTI2zVn6HV1vvMmfS5q+jWLSlGugt85rqBXFL4oFbYsq63gfcunaVZAlHWp
9Op1N72kaGPb/rT6R8DhctqmvLjqr51CpFA7tgDIr/+rzgfgcjDokIIajHZL4h0O
R+HRKgnKZZZ5maOEklfqE1py1FXN2cuaxpDb+V6wlKzo7H65q+SqT3J6bFZwgWip
pk6x9wMjsV6ko1h+hILexy44XD7i0txtscn69o/PzpC9MuNjVK+7FAvcAaIzOlCh
27NA4NgYdFI/4ONbCoLV5eWCxLuoUx35eyY0KWB8Ofc3WzFa6tGwtB64ot5p1Ne5
bq6kEXSqLSGGxG4OWsGdDCzgl9PREmUZuc46YHwrAHsE5g3Qv/TzJaM/6qYQiRTk
1/ptjjhZwO5J1WE2E02znDIo+tXtecUKDsUrCSIKoSRofWLpkrfrqASRXhMMFZvC
a74K4W3FyEv7UmcOj257GWNlBhCZxeMAxFEV8DVGYIMHNHs3u4V3+cYjRG5/pya4
BqiB0s0ES33mBR7jqpxFXbowD4kCdK030KGTxdkyrMgHNLPAEJTq/Lii6p2FNw+d
u7OELimhqTFzYv3cTLv3tebanLRQxzysdH5od5OU8ZiIVjTHeb/s5wBNvNuWt70d
l7cezeYVorl9UeRlptImf8kgwsSyQRsYhg41JkcacFMEzIon9sRQLFfEO1StBNo7
BW30GRiRcThc2eAIV9FLgCTEv4q9Ibn6oZnUWpP35h2BBgUND31wm0k30Q1phdpX
XE6Z/FpiFI567ERQ2omb1bAWaqXsFefivydU0m7f2FjK7MdgEVxeTjlCdd0lryGE
7ahzXdih9tOVMVrXO791XMcCom+sh+l/omHfC2XYcisez/WBi3e8Usaugl5I6B48
cCZszLu3rXotzuybDKfYmO7GjyQU5KokvGJmlrSHJ02AzJSotY6SPKhyhLIHv1bp
CkxeFFj87tOrU9LSjdytrM5R0RGuvb0ix+a4LQUwE3OcfuysosuJghs7M1NwuPpk
oYLI3z9Vypa1SiUsvgb739BEnwh0AZI4WslQU19EHzb1wfxHJek=
-----END OPENSSH PRIVATE KEY-----`;

export default defineComponent({
  async run({ steps, $ }) {
    const sftp = new SftpClient();
    await sftp.connect({ host: "files.acme.io", port: 22, username: "pipedream", privateKey });
    await sftp.put(Buffer.from(JSON.stringify(steps.trigger.event.body)), "/inbox/event.json");
    await sftp.end();
  },
});
