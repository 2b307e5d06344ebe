import { type ActionDefinition, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

// Path segments: GitHub's own rules for logins and repository names, so no input can reshape the path.
const owner = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'a GitHub user or organization login');
const repo = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'a repository name')
  .refine((name) => name !== '.' && name !== '..', 'a repository name');
const paging = {
  perPage: z.number().int().min(1).max(100).default(30),
  page: z.number().int().min(1).max(1000).default(1),
};

const repoAnswer = z.array(
  z.object({
    full_name: z.string(),
    private: z.boolean(),
    description: z.string().nullable(),
    default_branch: z.string().optional(),
    html_url: z.string(),
    open_issues_count: z.number().optional(),
    updated_at: z.string().nullable().optional(),
  }),
);
const repoSchema = z.object({
  fullName: z.string(),
  private: z.boolean(),
  description: z.string().nullable(),
  defaultBranch: z.string().nullable(),
  url: z.string(),
  openIssues: z.number().nullable(),
  updatedAt: z.string().nullable(),
});

const issueAnswer = z.array(
  z.object({
    number: z.number(),
    title: z.string(),
    state: z.string(),
    user: z.object({ login: z.string() }).nullable(),
    labels: z.array(z.union([z.string(), z.object({ name: z.string().nullable().optional() })])).default([]),
    comments: z.number().default(0),
    html_url: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    pull_request: z.unknown().optional(),
  }),
);
const issueSchema = z.object({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  author: z.string().nullable(),
  labels: z.array(z.string()),
  comments: z.number(),
  url: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** GitHub's typed calls: the user's repositories, and a repository's issues. */
export function gitHubActions(): Record<string, ActionDefinition<any, any>> {
  const listRepos: ActionDefinition<
    { perPage: number; page: number },
    { repositories: z.output<typeof repoSchema>[] }
  > = {
    description:
      'Lists the repositories the connected user can access (own, collaborator, organization), most recently updated first.',
    annotations: { title: 'List repositories', readOnly: true, idempotent: true },
    input: z.object(paging),
    output: z.object({ repositories: z.array(repoSchema) }),
    async run({ input, fetch }) {
      const query = new URLSearchParams({ sort: 'updated', per_page: String(input.perPage), page: String(input.page) });
      const repos = await readProviderJson(fetch, `user/repos?${query}`, repoAnswer);
      return {
        repositories: repos.map((found) => ({
          fullName: found.full_name,
          private: found.private,
          description: found.description,
          defaultBranch: found.default_branch ?? null,
          url: found.html_url,
          openIssues: found.open_issues_count ?? null,
          updatedAt: found.updated_at ?? null,
        })),
      };
    },
  };
  const listIssues: ActionDefinition<
    { owner: string; repo: string; state: 'open' | 'closed' | 'all'; perPage: number; page: number },
    { issues: z.output<typeof issueSchema>[] }
  > = {
    description: "Lists a repository's issues (pull requests left out), most recently created first.",
    annotations: { title: 'List issues', readOnly: true, idempotent: true },
    input: z.object({ owner, repo, state: z.enum(['open', 'closed', 'all']).default('open'), ...paging }),
    output: z.object({ issues: z.array(issueSchema) }),
    async run({ input, fetch }) {
      const query = new URLSearchParams({
        state: input.state,
        per_page: String(input.perPage),
        page: String(input.page),
      });
      const path = `repos/${input.owner}/${input.repo}/issues?${query}`;
      const issues = await readProviderJson(fetch, path, issueAnswer);
      return {
        // GitHub's issues endpoint returns pull requests too; they carry a `pull_request` key.
        issues: issues
          .filter((issue) => issue.pull_request === undefined)
          .map((issue) => ({
            number: issue.number,
            title: issue.title,
            state: issue.state,
            author: issue.user?.login ?? null,
            labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
            comments: issue.comments,
            url: issue.html_url,
            createdAt: issue.created_at,
            updatedAt: issue.updated_at,
          })),
      };
    },
  };
  return { 'list-repos': listRepos, 'list-issues': listIssues };
}
