// Validates every document of a rendered Helm chart against the Kubernetes and KEDA schemas.
// Usage: node validate-manifests.mjs <manifests.yaml>. Prints one line per document; exits 1 on any error.
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";

// Resolves the model class of apiVersion/kind from kubernetes-models (core and built-in groups)
// or @kubernetes-models/keda; an unknown kind is an error, never a silent pass.
async function loadModel(apiVersion, kind) {
  const modulePath = apiVersion.includes("keda.sh/")
    ? `@kubernetes-models/keda/${apiVersion}/${kind}`
    : `kubernetes-models/${apiVersion}/${kind}`;
  const module = await import(modulePath);
  if (typeof module[kind] !== "function") throw new Error(`${modulePath} exports no ${kind}`);
  return module[kind];
}

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node validate-manifests.mjs <manifests.yaml>");
  process.exit(2);
}

const documents = parseAllDocuments(await readFile(file, "utf8"));
let failures = 0;
let validated = 0;
for (const document of documents) {
  if (document.errors.length > 0) {
    failures++;
    console.log(`INVALID YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const manifest = document.toJS();
  if (manifest === null || manifest === undefined) continue;
  const name = `${manifest.kind}/${manifest.metadata?.name}`;
  try {
    const Model = await loadModel(manifest.apiVersion, manifest.kind);
    new Model(manifest).validate();
    validated++;
    console.log(`OK ${manifest.apiVersion} ${name}`);
  } catch (error) {
    failures++;
    console.log(`INVALID ${manifest.apiVersion} ${name}: ${error.message}`);
  }
}

console.log(`${validated} valid, ${failures} invalid`);
process.exit(failures === 0 && validated > 0 ? 0 : 1);
