/**
 * `npm run config-schema`: writes schema/stack-config.schema.json from the zod schema (stacks/schema). A test
 * fails when the committed file differs from what this writes.
 */
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../config";
import { STACK_CONFIG_SCHEMA_FILE, stackConfigJsonSchemaText } from "./json-schema";

const target = path.join(projectRoot(), STACK_CONFIG_SCHEMA_FILE);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, stackConfigJsonSchemaText());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
