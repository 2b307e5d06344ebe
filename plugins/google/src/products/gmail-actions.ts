import { type ActionDefinition, type ProviderFetch, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

// Gmail message ids are hex; anything else could reshape the path.
const messageId = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'a Gmail message id');

const header = z.object({ name: z.string(), value: z.string() });
interface Part {
  mimeType?: string | undefined;
  filename?: string | undefined;
  headers?: z.output<typeof header>[] | undefined;
  body?: { data?: string | undefined; size?: number | undefined; attachmentId?: string | undefined } | undefined;
  parts?: Part[] | undefined;
}
const part: z.ZodType<Part> = z.lazy(() =>
  z.object({
    mimeType: z.string().optional(),
    filename: z.string().optional(),
    headers: z.array(header).optional(),
    body: z
      .object({ data: z.string().optional(), size: z.number().optional(), attachmentId: z.string().optional() })
      .optional(),
    parts: z.array(part).optional(),
  }),
);
const messageAnswer = z.object({
  id: z.string(),
  threadId: z.string(),
  labelIds: z.array(z.string()).default([]),
  snippet: z.string().default(''),
  payload: part.optional(),
});
const listAnswer = z.object({
  messages: z.array(z.object({ id: z.string() })).default([]),
  nextPageToken: z.string().optional(),
});

const summary = z.object({
  id: z.string(),
  threadId: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  subject: z.string().nullable(),
  date: z.string().nullable(),
  snippet: z.string(),
  labels: z.array(z.string()),
});

const SUMMARY_HEADERS = ['From', 'To', 'Subject', 'Date'];

function headerOf(message: z.output<typeof messageAnswer>, name: string): string | null {
  const lower = name.toLowerCase();
  return message.payload?.headers?.find((candidate) => candidate.name.toLowerCase() === lower)?.value ?? null;
}

function summarize(message: z.output<typeof messageAnswer>): z.output<typeof summary> {
  return {
    id: message.id,
    threadId: message.threadId,
    from: headerOf(message, 'From'),
    to: headerOf(message, 'To'),
    subject: headerOf(message, 'Subject'),
    date: headerOf(message, 'Date'),
    snippet: message.snippet,
    labels: message.labelIds,
  };
}

// The readable text of a message: its first text/plain part, else its first text/html part without the tags.
function bodyText(payload: Part | undefined): string {
  const parts: Part[] = [];
  const walk = (node: Part | undefined) => {
    if (!node) return;
    parts.push(node);
    for (const child of node.parts ?? []) walk(child);
  };
  walk(payload);
  const decode = (node: Part) => Buffer.from(node.body?.data ?? '', 'base64url').toString('utf8');
  const plain = parts.find((node) => node.mimeType === 'text/plain' && node.body?.data && !node.filename);
  if (plain) return decode(plain);
  const html = parts.find((node) => node.mimeType === 'text/html' && node.body?.data && !node.filename);
  if (!html) return '';
  return decode(html)
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function attachments(payload: Part | undefined): { filename: string; mimeType: string; size: number }[] {
  const found: { filename: string; mimeType: string; size: number }[] = [];
  const walk = (node: Part | undefined) => {
    if (!node) return;
    if (node.filename) {
      found.push({ filename: node.filename, mimeType: node.mimeType ?? '', size: node.body?.size ?? 0 });
    }
    for (const child of node.parts ?? []) walk(child);
  };
  walk(payload);
  return found;
}

async function getMessage(fetch: ProviderFetch, id: string, query: URLSearchParams) {
  return readProviderJson(fetch, `users/me/messages/${id}?${query}`, messageAnswer, { what: 'read a message' });
}

/** Gmail's typed calls: search the mailbox, read one message. */
export function gmailActions(): Record<string, ActionDefinition<any, any>> {
  const searchMessages: ActionDefinition<
    { query: string; maxResults: number; pageToken?: string | undefined },
    { messages: z.output<typeof summary>[]; nextPageToken: string | null }
  > = {
    description:
      "Searches the user's mailbox with Gmail's search syntax (`from:ada is:unread newer_than:7d`) and answers each message's sender, recipients, subject, date and snippet. Use read-message for the whole text.",
    annotations: { title: 'Search messages', readOnly: true, idempotent: true },
    input: z.object({
      query: z.string().max(2000).default('').describe('Gmail search syntax; empty for the newest messages.'),
      maxResults: z.number().int().min(1).max(25).default(10),
      pageToken: z.string().min(1).max(500).optional(),
    }),
    output: z.object({ messages: z.array(summary), nextPageToken: z.string().nullable() }),
    async run({ input, fetch }) {
      const query = new URLSearchParams({
        maxResults: String(input.maxResults),
        ...(input.query && { q: input.query }),
        ...(input.pageToken && { pageToken: input.pageToken }),
      });
      const list = await readProviderJson(fetch, `users/me/messages?${query}`, listAnswer, { what: 'search messages' });
      const metadata = new URLSearchParams([
        ['format', 'metadata'],
        ...SUMMARY_HEADERS.map((name) => ['metadataHeaders', name]),
      ]);
      const messages = await Promise.all(
        list.messages.map(async ({ id }) => summarize(await getMessage(fetch, id, metadata))),
      );
      return { messages, nextPageToken: list.nextPageToken ?? null };
    },
  };
  const readMessage: ActionDefinition<
    { id: string },
    z.output<typeof summary> & {
      cc: string | null;
      text: string;
      attachments: { filename: string; mimeType: string; size: number }[];
    }
  > = {
    description:
      'Reads one message (by id, from search-messages): headers, its plain text (HTML turned into text when there is no plain part) and the names of its attachments.',
    annotations: { title: 'Read a message', readOnly: true, idempotent: true },
    input: z.object({ id: messageId }),
    output: summary.extend({
      cc: z.string().nullable(),
      text: z.string(),
      attachments: z.array(z.object({ filename: z.string(), mimeType: z.string(), size: z.number() })),
    }),
    async run({ input, fetch }) {
      const message = await getMessage(fetch, input.id, new URLSearchParams({ format: 'full' }));
      return {
        ...summarize(message),
        cc: headerOf(message, 'Cc'),
        text: bodyText(message.payload),
        attachments: attachments(message.payload),
      };
    },
  };
  return { 'search-messages': searchMessages, 'read-message': readMessage };
}
