import { createOneDoorApp } from "../lib/app.js";

// `cdk synth|deploy --context stage=prod` → stack OneDoor-prod; without it, OneDoor-dev.
createOneDoorApp();
