// Bedrock's Stable Image Core example, pointed at a Framefill proxy with a proxy-issued key.
//   FRAMEFILL_ENDPOINT=http://localhost:8787 AWS_ACCESS_KEY_ID=FFK… AWS_SECRET_ACCESS_KEY=… node examples/invoke-model.mjs
import { writeFile } from "node:fs/promises";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";

const client = new BedrockRuntimeClient({ region: "us-west-2", endpoint: process.env.FRAMEFILL_ENDPOINT });

const response = await client.send(
  new InvokeModelCommand({
    modelId: "stability.stable-image-core-v1:0",
    body: JSON.stringify({
      prompt: "A serene mountain landscape with a crystal-clear lake at sunrise",
      aspect_ratio: "16:9",
      output_format: "png",
      seed: 123,
      negative_prompt: "blurry, low quality, distorted",
    }),
  }),
);

const output = JSON.parse(new TextDecoder().decode(response.body));
await writeFile(process.argv[2] ?? "stable_core_output.png", Buffer.from(output.images[0], "base64"));
console.log(`Saved ${process.argv[2] ?? "stable_core_output.png"} (seed ${output.seeds[0]})`);
