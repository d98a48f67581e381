import axios from 'axios';
import crypto from 'crypto';

export default defineComponent({
    name: 'Send Message To FeiShu Bot Webhook',
    version: '0.0.2',
    key: 'send-message-to-feishu-bot-webhook',
    description: "Send Message To FeiShu Bot Webhook. [See the docs](https://open.feishu.cn/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN)",
    type: 'action',
    props: {
        webhook_url: {
            type: 'string',
            label: 'Webhook Url',
            description: 'Webhook Url. [See the docs](https://open.feishu.cn/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN#d3815c88)',
        },
        secret: {
            type: 'string',
            label: 'Secret',
            description: 'Secret which need to be used for sign. Leave blank if You don\'t need to sign your request. [See the docs](https://open.feishu.cn/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN#348211be)',
            optional: true
        },
        request_data: {
            type: 'string',
            label: 'Request Data',
            description: 'Data witch will be send to the webhook. [See the docs](https://open.feishu.cn/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN#8b0f2a1b)'
        }
    },
    methods: {
        // … (trimmed: Chinese doc comment on the signing scheme) …
        generate_sign() {
            const timestamp = Math.floor(Date.now() / 1000);
            const str = Buffer.from(`${timestamp}\n${this.secret}`, 'utf8');
            const sign = crypto.createHmac('SHA256', str);
            sign.update(Buffer.alloc(0));
            return { timestamp, sign: sign.digest('base64') };
        },
    },
    async run({ steps, $ }) {
        let request_data = {
            ...JSON.parse(this.request_data),
        }
        if (Boolean(this.secret)) {
            request_data = {
                ...this.generate_sign(),
                ...request_data,
            }
        }

        console.log(JSON.stringify(request_data));

        const { data } = await axios({
            method: "POST",
            url: this.webhook_url,
            data: request_data,
        })
        return data;
    },
})

// … (trimmed: commented-out sample payload) …
