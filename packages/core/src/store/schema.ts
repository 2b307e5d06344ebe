/** Rows as stored. JSON columns are text; booleans are 0/1 so SQLite and Postgres share one schema. */
export interface Database {
  workspaces: {
    id: string;
    name: string;
    allowed_return_origins: string;
    allowed_redirect_uris: string;
    shared_providers: string;
    /** Set when the workspace is being deleted: it is gone for the API, its connections are being revoked. */
    deleting_at: string | null;
    created_at: string;
    updated_at: string;
  };
  api_keys: {
    id: string;
    workspace_id: string;
    name: string;
    prefix: string;
    secret_hash: string;
    scopes: string;
    created_at: string;
    last_used_at: string | null;
  };
  oauth_apps: {
    id: string;
    workspace_id: string;
    provider: string;
    client_id: string;
    client_secret: string | null;
    scopes: string | null;
    created_at: string;
    updated_at: string;
  };
  connect_sessions: {
    id: string;
    workspace_id: string;
    /** The provider the session connects; null while the user has yet to pick one of `providers`. */
    provider: string | null;
    owner_id: string | null;
    /** 1 or 0; null while no provider is picked and the caller left it to the workspace's default for it. */
    shared: number | null;
    scopes: string;
    return_to: string | null;
    redirect_uri: string;
    state_hash: string;
    code_verifier: string | null;
    oauth_app_id: string | null;
    authorization_url: string | null;
    display: string | null;
    /** End-user tags (JSON object) copied to the connection at connect; null when none were given. */
    tags: string | null;
    /** The language tag the session asked the pages to speak; null: the browser's. */
    locale: string | null;
    /** The providers the user may pick from (JSON list); null on sessions made before there was a choice. */
    providers: string | null;
    expires_at: string;
    consumed_at: string | null;
    created_at: string;
  };
  connections: {
    id: string;
    workspace_id: string;
    provider: string;
    owner_id: string | null;
    /** owner_id, or '' when there is none: lets one unique index dedupe reconnects on both engines. */
    owner_key: string;
    shared: number;
    account_id: string;
    account_name: string | null;
    status: string;
    scopes: string;
    credential_type: string;
    credentials: string;
    secrets: string | null;
    token_expires_at: string | null;
    last_refreshed_at: string | null;
    last_used_at: string | null;
    last_error: string | null;
    metadata: string;
    created_at: string;
    updated_at: string;
    lease_owner: string | null;
    lease_expires_at: string | null;
    version: number;
    refresh_failures: number;
    refresh_retry_at: string | null;
    oauth_app_id: string | null;
    metadata_choices: string | null;
    /** End-user tags as a JSON object; connection_tags holds the same pairs for filtering. */
    tags: string;
    /** The caller's name for the connection. */
    name: string | null;
    refresh_token_expires_at: string | null;
    /** When the hub deletes the connection by itself; null: never. */
    expires_at: string | null;
    /** Raw credential fields `/credentials` never answers (JSON array); null: none. */
    redact_fields: string | null;
  };
  /** One row per tag of a connection: listings filter `tag[k]=v` through (workspace_id, key, value, connection_id). */
  connection_tags: {
    connection_id: string;
    workspace_id: string;
    key: string;
    value: string;
  };
  events: {
    id: string;
    workspace_id: string;
    type: string;
    payload: string;
    created_at: string;
  };
  webhook_endpoints: {
    id: string;
    workspace_id: string;
    url: string;
    description: string | null;
    event_types: string;
    secret: string;
    created_at: string;
    updated_at: string;
  };
  webhook_deliveries: {
    id: string;
    workspace_id: string;
    endpoint_id: string;
    event_id: string;
    status: string;
    attempts: number;
    next_attempt_at: string;
    lease_owner: string | null;
    lease_expires_at: string | null;
    last_status: number | null;
    last_error: string | null;
    created_at: string;
    delivered_at: string | null;
  };
  workspace_branding: {
    workspace_id: string;
    display_name: string | null;
    accent_color: string | null;
    logo_type: string | null;
    /** The logo's bytes in base64 (one text column on SQLite and Postgres alike); an SVG is stored sanitised. */
    logo_data: string | null;
    logo_sha256: string | null;
    updated_at: string;
  };
}
