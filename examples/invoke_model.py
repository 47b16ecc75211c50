# Bedrock's Stable Image Core example, pointed at a Framefill proxy with a proxy-issued key.
#   FRAMEFILL_ENDPOINT=http://localhost:8787 AWS_ACCESS_KEY_ID=FFK… AWS_SECRET_ACCESS_KEY=… python3 examples/invoke_model.py
import base64
import json
import os
import sys

import boto3

bedrock = boto3.client("bedrock-runtime", region_name="us-west-2", endpoint_url=os.environ["FRAMEFILL_ENDPOINT"])

response = bedrock.invoke_model(
    modelId="stability.stable-image-core-v1:0",
    body=json.dumps({
        "prompt": "A serene mountain landscape with a crystal-clear lake at sunrise",
        "aspect_ratio": "16:9",
        "output_format": "png",
        "seed": 123,
        "negative_prompt": "blurry, low quality, distorted",
    }),
)

output = json.loads(response["body"].read().decode("utf-8"))
path = sys.argv[1] if len(sys.argv) > 1 else "stable_core_output.png"
with open(path, "wb") as f:
    f.write(base64.b64decode(output["images"][0]))
print(f"Saved {path} (seed {output['seeds'][0]})")
