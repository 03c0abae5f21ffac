/** The values deploy/k8s/base/secret.template.yaml publishes for every Secret key (its placeholders). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const TEMPLATE = path.join(__dirname, '../../deploy/k8s/base/secret.template.yaml');

export function publishedPlaceholders(): Record<string, string> {
  const documents = parseAllDocuments(readFileSync(TEMPLATE, 'utf8')).map((doc) => doc.toJS() as { stringData?: Record<string, string> });
  return Object.assign({}, ...documents.map((doc) => doc.stringData ?? {}));
}
