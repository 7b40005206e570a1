/**
 * Issues as a list: where, what, and (for issues from text) line and column. With
 * `onOpen`, an issue that belongs to a step is a button that selects that step.
 */
import type { CanvasIssue } from '../../../src/canvas/issues';

export function IssueList({
  issues,
  onOpen,
  testId = 'issue-list',
  empty,
}: {
  issues: readonly CanvasIssue[];
  onOpen?: (stepId: string) => void;
  testId?: string;
  empty?: string;
}) {
  if (issues.length === 0) return empty ? <p className="hint ok">{empty}</p> : null;
  return (
    <ul className="issues" data-testid={testId}>
      {issues.map((issue, i) => {
        const at =
          issue.line !== undefined ? ` (line ${issue.line}, column ${issue.column ?? 1})` : '';
        const text = (
          <>
            <span className={`sev sev-${issue.severity}`}>{issue.severity}</span>{' '}
            {issue.path !== '' && (
              <>
                <code className="issue-where">{issue.path}</code>{' '}
              </>
            )}
            {issue.message}
            {at}
          </>
        );
        const stepId = issue.stepId;
        return (
          <li key={i} className={`issue is-${issue.severity}`} data-code={issue.code}>
            {onOpen && stepId !== undefined ? (
              <button
                type="button"
                className="link-button issue-link"
                onClick={() => onOpen(stepId)}
              >
                {text}
              </button>
            ) : (
              text
            )}
          </li>
        );
      })}
    </ul>
  );
}
