import type { ActionDefinition, ProviderFetch } from '@plugboard/core';
import { z } from 'zod';
import { slackError } from './slack-errors.js';

const slackAnswer = z.looseObject({ ok: z.boolean(), error: z.string().optional() });

// Slack's Web API answers most errors with HTTP 200 and `ok: false`; both kinds become classified errors here.
async function callSlack<T>(
  fetch: ProviderFetch,
  what: string,
  request: { method: string; path: string; json?: unknown },
  schema: z.ZodType<T>,
): Promise<T> {
  const response = await fetch(request.path, {
    method: request.method,
    headers: {
      accept: 'application/json',
      ...(request.json !== undefined && { 'content-type': 'application/json; charset=utf-8' }),
    },
    ...(request.json !== undefined && { body: JSON.stringify(request.json) }),
  });
  const body = slackAnswer.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !body.success || !body.data.ok) {
    throw slackError(what, response.status, body.success ? body.data.error : undefined);
  }
  const parsed = schema.safeParse(body.data);
  if (!parsed.success) throw slackError(what, response.status, 'unexpected_answer');
  return parsed.data;
}

const channelList = z.object({
  channels: z.array(
    z.object({
      id: z.string(),
      name: z.string().default(''),
      is_private: z.boolean().default(false),
      is_member: z.boolean().default(false),
      num_members: z.number().optional(),
      topic: z.object({ value: z.string() }).optional(),
    }),
  ),
  response_metadata: z.object({ next_cursor: z.string().default('') }).optional(),
});

const channel = z.object({
  id: z.string(),
  name: z.string(),
  isPrivate: z.boolean(),
  isMember: z.boolean(),
  memberCount: z.number().nullable(),
  topic: z.string(),
});

/** Slack's typed calls: list the workspace's channels, post a message. */
export function slackActions(): Record<string, ActionDefinition<any, any>> {
  const listChannels: ActionDefinition<
    { limit: number; cursor?: string | undefined; includePrivate: boolean },
    { channels: z.output<typeof channel>[]; nextCursor: string | null }
  > = {
    description:
      "Lists the Slack workspace's channels (not archived): id, name, whether the app is a member, topic. Page on with nextCursor.",
    annotations: { title: 'List channels', readOnly: true, idempotent: true },
    input: z.object({
      limit: z.number().int().min(1).max(200).default(100),
      cursor: z.string().min(1).max(500).optional(),
      includePrivate: z.boolean().default(false).describe('Also list private channels the token can see.'),
    }),
    output: z.object({ channels: z.array(channel), nextCursor: z.string().nullable() }),
    async run({ input, fetch }) {
      const query = new URLSearchParams({
        limit: String(input.limit),
        exclude_archived: 'true',
        types: input.includePrivate ? 'public_channel,private_channel' : 'public_channel',
        ...(input.cursor && { cursor: input.cursor }),
      });
      const answer = await callSlack(
        fetch,
        'list channels',
        { method: 'GET', path: `conversations.list?${query}` },
        channelList,
      );
      return {
        channels: answer.channels.map((found) => ({
          id: found.id,
          name: found.name,
          isPrivate: found.is_private,
          isMember: found.is_member,
          memberCount: found.num_members ?? null,
          topic: found.topic?.value ?? '',
        })),
        nextCursor: answer.response_metadata?.next_cursor || null,
      };
    },
  };
  const postMessage: ActionDefinition<
    { channel: string; text: string; threadTs?: string | undefined },
    { channel: string; ts: string }
  > = {
    description:
      'Posts a message to a Slack channel (by id, from list-channels) as the app, optionally as a reply in a thread.',
    annotations: { title: 'Post a message', readOnly: false, destructive: false, idempotent: false },
    input: z.object({
      channel: z.string().regex(/^[A-Z0-9]{2,40}$/, 'a channel id, e.g. C0123ABCD'),
      text: z.string().min(1).max(40_000),
      threadTs: z
        .string()
        .regex(/^\d+\.\d+$/, "a message's ts")
        .optional()
        .describe('Reply in the thread of this message.'),
    }),
    output: z.object({ channel: z.string(), ts: z.string() }),
    async run({ input, fetch }) {
      return callSlack(
        fetch,
        'post the message',
        {
          method: 'POST',
          path: 'chat.postMessage',
          json: { channel: input.channel, text: input.text, ...(input.threadTs && { thread_ts: input.threadTs }) },
        },
        z.object({ channel: z.string(), ts: z.string() }),
      );
    },
  };
  return { 'list-channels': listChannels, 'post-message': postMessage };
}
