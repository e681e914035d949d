/** Reading LLM rules from a JSON file (`--llm-rules`): a list of rules, or `{"rules": [...]}`. */
import { readFile } from 'node:fs/promises';
import { ruleFromJson, type LlmRule } from './rules.js';

export async function loadRulesFile(path: string): Promise<LlmRule[]> {
  const json = JSON.parse(await readFile(path, 'utf8')) as unknown;
  const list = Array.isArray(json) ? json : (json as { rules?: unknown })?.rules;
  if (!Array.isArray(list)) throw new Error(`${path}: expected a JSON list of rules or {"rules": [...]}`);
  return list.map((rule, index) => {
    try {
      return ruleFromJson(rule);
    } catch (error) {
      throw new Error(`${path}: rule ${index + 1}: ${(error as Error).message}`);
    }
  });
}
