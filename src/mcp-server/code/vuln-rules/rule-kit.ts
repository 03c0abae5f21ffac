/** The small frame every vulnerability rule shares: one message, reported on the sink node. */
import type { Rule } from 'eslint';
import { Flow } from './taint';

type Node = any;
export type Visitors = Record<string, (node: Node) => void>;

export function vulnRule(description: string, create: (flow: Flow, report: (node: Node, message: string) => void, context: Rule.RuleContext) => Visitors): Rule.RuleModule {
  return {
    meta: { type: 'problem', docs: { description }, schema: [] },
    create(context) {
      const report = (node: Node, message: string) => context.report({ node, message });
      return create(new Flow(context), report, context) as Rule.RuleListener;
    },
  };
}
