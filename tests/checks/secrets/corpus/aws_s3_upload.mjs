import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";

const s3 = new S3Client({
  region: "us-east-1",
  credentials: {
    accessKeyId: "AKIAOM3GOZWCPFBKCTS7",
    secretAccessKey: "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",
  },
});

export default defineComponent({
  async run({ steps, $ }) {
    const body = JSON.stringify(steps.trigger.event.body);
    await s3.send(new PutObjectCommand({ Bucket: "acme-events", Key: `${Date.now()}.json`, Body: body }));
    return "stored";
  },
});
