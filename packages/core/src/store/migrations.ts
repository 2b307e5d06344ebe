import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { PostgresAdapter, sql } from '../vendor/kysely.js';

/** The core's migrations, in order. Plugins that own tables run their own migrator and table. */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('workspaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('allowed_return_origins', 'text', (c) => c.notNull())
        .addColumn('allowed_redirect_uris', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema.createIndex('api_keys_workspace').on('api_keys').columns(['workspace_id', 'id']).execute();

      await db.schema
        .createTable('oauth_apps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('client_secret', 'text')
        .addColumn('scopes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('oauth_apps_workspace_provider', ['workspace_id', 'provider'])
        .execute();

      await db.schema
        .createTable('connect_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('shared', 'integer', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('return_to', 'text')
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('state_hash', 'text', (c) => c.notNull().unique())
        .addColumn('code_verifier', 'text')
        .addColumn('oauth_app_id', 'text')
        .addColumn('authorization_url', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('consumed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('connections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('owner_key', 'text', (c) => c.notNull())
        .addColumn('shared', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('account_name', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('credential_type', 'text', (c) => c.notNull())
        .addColumn('credentials', 'text', (c) => c.notNull())
        .addColumn('secrets', 'text')
        .addColumn('token_expires_at', 'text')
        .addColumn('last_refreshed_at', 'text')
        .addColumn('last_used_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('connections_account', ['workspace_id', 'provider', 'account_id', 'owner_key'])
        .execute();
      // Keyset pagination walks (workspace_id, id); filters narrow within it.
      await db.schema
        .createIndex('connections_workspace_id')
        .on('connections')
        .columns(['workspace_id', 'id'])
        .execute();
      await db.schema
        .createIndex('connections_workspace_provider')
        .on('connections')
        .columns(['workspace_id', 'provider', 'id'])
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_workspace').on('events').columns(['workspace_id', 'id']).execute();
    },
  },
  '0002_token_lifecycle': {
    async up(db: Kysely<any>) {
      // Refresh lease (owner token + expiry), a version for compare-and-swap writes, and the retry schedule.
      await db.schema.alterTable('connections').addColumn('lease_owner', 'text').execute();
      await db.schema.alterTable('connections').addColumn('lease_expires_at', 'text').execute();
      await db.schema
        .alterTable('connections')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('connections')
        .addColumn('refresh_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('connections').addColumn('refresh_retry_at', 'text').execute();
      // The workspace OAuth app a connection was made with; null means the config's client. Refresh and
      // revocation must use the same client, even after the workspace changes its app.
      await db.schema.alterTable('connections').addColumn('oauth_app_id', 'text').execute();
      await db.schema
        .createIndex('connections_refresh_due')
        .on('connections')
        .columns(['credential_type', 'status', 'token_expires_at'])
        .execute();

      await db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('event_types', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_endpoints_workspace')
        .on('webhook_endpoints')
        .columns(['workspace_id'])
        .execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_endpoint')
        .on('webhook_deliveries')
        .columns(['endpoint_id', 'id'])
        .execute();
    },
  },
  '0003_connect_display': {
    async up(db: Kysely<any>) {
      // How the connect page was opened ('popup' or 'page'): the flow's last page answers accordingly.
      await db.schema.alterTable('connect_sessions').addColumn('display', 'text').execute();
    },
  },
  '0004_metadata_choices': {
    async up(db: Kysely<any>) {
      // Metadata written by actions (a selected property): kept when a reconnect replaces the account's own.
      await db.schema.alterTable('connections').addColumn('metadata_choices', 'text').execute();
    },
  },
  '0005_12_listing_indexes': {
    async up(db: Kysely<any>) {
      // Every listing filter gets an index that walks (workspace, filter, id): a page of 100 newest-first is an
      // index range read, not a scan of the workspace. Combined filters start from one of them.
      for (const column of ['owner_id', 'status', 'shared']) {
        await db.schema
          .createIndex(`connections_workspace_${column}`)
          .on('connections')
          .columns(['workspace_id', column, 'id'])
          .execute();
      }
    },
  },
  '0006_15_workspace_branding': {
    async up(db: Kysely<any>) {
      // What the connect pages show of the app: its name, colour and logo (at most 256 KiB, so a row holds it).
      await db.schema
        .createTable('workspace_branding')
        .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
        .addColumn('display_name', 'text')
        .addColumn('accent_color', 'text')
        .addColumn('logo_type', 'text')
        .addColumn('logo_data', 'text')
        .addColumn('logo_sha256', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0007_12_workspace_shared_providers': {
    async up(db: Kysely<any>) {
      // Providers whose connections belong to the workspace as a whole (one shared account), as a JSON array.
      await db.schema
        .alterTable('workspaces')
        .addColumn('shared_providers', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    },
  },
  '0008_12_workspace_deletion': {
    async up(db: Kysely<any>) {
      // A deleted workspace disappears at once; the row stays, marked, until the background has revoked and
      // deleted its connections and delivered their events.
      await db.schema.alterTable('workspaces').addColumn('deleting_at', 'text').execute();
    },
  },
  '0009_11_connect_session_url_sealed': {
    async up(db: Kysely<any>) {
      // Authorization URLs carry the OAuth state, which is only kept as a hash: the engine now stores them
      // encrypted, and a migration has no keys, so the plaintext ones go. A live session without its URL cannot
      // show its connect page: it expires (sessions last minutes; its app starts a new one).
      const now = new Date().toISOString();
      await db
        .updateTable('connect_sessions')
        .set({ expires_at: now })
        .where('authorization_url', 'is not', null)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .execute();
      await db.updateTable('connect_sessions').set({ authorization_url: null }).execute();
    },
  },
  '0010_12_tags': {
    async up(db: Kysely<any>) {
      // End-user tags: kept as JSON on the session and the connection (to show), and one row per tag (to filter).
      await db.schema.alterTable('connect_sessions').addColumn('tags', 'text').execute();
      await db.schema
        .alterTable('connections')
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema
        .createTable('connection_tags')
        .addColumn('connection_id', 'text', (c) => c.notNull().references('connections.id').onDelete('cascade'))
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('connection_tags_pkey', ['connection_id', 'key'])
        .execute();
      // A tag filter reads the matching connection ids newest first from here, then each row by its key.
      await db.schema
        .createIndex('connection_tags_lookup')
        .on('connection_tags')
        .columns(['workspace_id', 'key', 'value', 'connection_id'])
        .execute();
    },
  },
  '0011_12_credential_expiry': {
    async up(db: Kysely<any>) {
      // A caller-chosen name, an expiry after which the background deletes the connection, and the raw fields
      // the credentials route keeps to itself.
      for (const column of ['name', 'expires_at', 'redact_fields']) {
        await db.schema.alterTable('connections').addColumn(column, 'text').execute();
      }
      // The expiry pass reads what is due from here.
      await db.schema.createIndex('connections_expires_at').on('connections').column('expires_at').execute();
    },
  },
  '0012_12_refresh_token_expiry': {
    async up(db: Kysely<any>) {
      // When the refresh token stops working, where the provider says (refresh_token_expires_in).
      await db.schema.alterTable('connections').addColumn('refresh_token_expires_at', 'text').execute();
    },
  },
  '0013_15_session_locale': {
    async up(db: Kysely<any>) {
      // The language a session asks its pages to speak, over the browser's Accept-Language.
      await db.schema.alterTable('connect_sessions').addColumn('locale', 'text').execute();
    },
  },
  '0014_15_session_providers': {
    async up(db: Kysely<any>) {
      // A session may offer several providers (JSON list) and bind one when the user picks it: until then its
      // provider is null, and so is `shared` when the caller left it to the picked provider's workspace default.
      await db.schema.alterTable('connect_sessions').addColumn('providers', 'text').execute();
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await db.schema
          .alterTable('connect_sessions')
          .alterColumn('provider', (c) => c.dropNotNull())
          .alterColumn('shared', (c) => c.dropNotNull())
          .execute();
        return;
      }
      // SQLite cannot drop a NOT NULL constraint: the table is rebuilt with the same columns, keys and rows.
      await db.schema
        .createTable('connect_sessions_next')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('provider', 'text')
        .addColumn('owner_id', 'text')
        .addColumn('shared', 'integer')
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('return_to', 'text')
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('state_hash', 'text', (c) => c.notNull().unique())
        .addColumn('code_verifier', 'text')
        .addColumn('oauth_app_id', 'text')
        .addColumn('authorization_url', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('consumed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('display', 'text')
        .addColumn('tags', 'text')
        .addColumn('locale', 'text')
        .addColumn('providers', 'text')
        .execute();
      await sql`insert into connect_sessions_next select id, workspace_id, provider, owner_id, shared, scopes,
        return_to, redirect_uri, state_hash, code_verifier, oauth_app_id, authorization_url, expires_at,
        consumed_at, created_at, display, tags, locale, providers from connect_sessions`.execute(db);
      await db.schema.dropTable('connect_sessions').execute();
      await db.schema.alterTable('connect_sessions_next').renameTo('connect_sessions').execute();
    },
  },
};

/** Serves the core migrations from code, so they ship inside the package and need no folder on disk. */
export const coreMigrations: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
