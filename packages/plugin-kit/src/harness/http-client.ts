/** One answer of the HTTP API, its body parsed when it is JSON. */
export interface Answer {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  text: string;
  json: any;
  /** Answers of `GET /credentials`, which hand out tokens by design: canary sweeps leave them out. */
  carriesCredentials: boolean;
}

/** How a call is made: as which key, with a JSON body, or with a form (a hosted connect page's post). */
export interface CallInit {
  key?: string;
  body?: unknown;
  form?: Record<string, string>;
}

/** Calls the API at `baseUrl` with JSON bodies or forms, as `key` when given, keeping every answer in `answers`. */
export function createCaller(baseUrl: string, answers: Answer[]) {
  return async (method: string, path: string, init: CallInit = {}): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      // A URLSearchParams body is sent as application/x-www-form-urlencoded.
      body: init.form
        ? new URLSearchParams(init.form)
        : init.body === undefined
          ? undefined
          : JSON.stringify(init.body),
      // A 302 from the callback is what tests check, not the page it points at.
      redirect: 'manual',
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const answer = {
      method,
      path,
      status: response.status,
      headers: response.headers,
      text,
      json,
      carriesCredentials: /^\/v1\/connections\/[^/]+\/credentials$/.test(path),
    };
    answers.push(answer);
    return answer;
  };
}

/** Answers `answer` when its status is `status`, and throws with the method, path and body otherwise. */
export function expectStatus(answer: Answer, status: number): Answer {
  if (answer.status !== status) {
    throw new Error(`${answer.method} ${answer.path} answered ${answer.status}, expected ${status}: ${answer.text}`);
  }
  return answer;
}
