/**
 * Generated hostile requests for the fuzz test: every route and parameter of the OpenAPI
 * document, with values that are wrong in type, range or encoding, SQL and path fragments,
 * very long strings and repeated keys. Deterministic for a seed, so a failure can be replayed.
 */

/** A route from the OpenAPI document, with the parameters it reads. */
export interface FuzzRoute {
  /** OpenAPI path, e.g. `/api/execution/{id}`. */
  path: string;
  query: Array<{ name: string; schema: Record<string, unknown> }>;
  /** Names of `{placeholders}` in the path. */
  pathParams: string[];
}

/** One request to send. */
export interface FuzzRequest {
  method: string;
  /** Path and query relative to the server's base, percent-encoding exactly as generated. */
  target: string;
  headers: Record<string, string>;
  /** The route it aims at (`undefined` for made-up paths). */
  route: string | undefined;
  /** Every parameter name it carries (query keys and filled path placeholders). */
  params: string[];
}

/** Values the fixture really holds, so some requests get past validation into core. */
export interface RealValues {
  scriptPaths: string[];
  metricNames: string[];
  executionIds: number[];
}

/** UTF-8 percent-encoding of what a request line cannot carry raw (non-ASCII, controls, space). */
function escapeNonAscii(target: string): string {
  return target.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch));
}

/** A query key as the server decodes it (malformed escapes left as they are). */
function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** mulberry32: tiny, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE executions; --",
  '1; DELETE FROM metrics',
  '" OR ""="',
  "1' UNION SELECT sql FROM sqlite_master --",
  "x'); ATTACH DATABASE '/tmp/pwn.db' AS p; --",
  '%',
  '_',
  '\\',
  "';PRAGMA journal_mode=WAL;--",
  '1 OR 1=1',
  '*/',
];
const PATHS = [
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '..\\..\\windows\\win.ini',
  '/etc/shadow',
  'C:\\boot.ini',
  '%252e%252e%252f',
  '%c0%ae%c0%ae/',
  'jobs/../../x',
  '....//....//',
  '.',
  '~root',
];
const NUMBERS = [
  '-1',
  '0',
  '-0',
  '+5',
  '1',
  '365',
  '366',
  '10000',
  '10001',
  '100000',
  '100001',
  '2147483648',
  '-2147483649',
  '9007199254740991',
  '9007199254740992',
  '99999999999999999999999999',
  '1e3',
  '1E400',
  '1.5',
  '.5',
  '5.',
  '0x1F',
  '0b101',
  '0o17',
  '1_000',
  'NaN',
  'Infinity',
  '-Infinity',
  '%20%207%20',
  '7%09',
  '%0a3',
  '3%00',
  '%2B3',
  '٣',
  '１２',
  'true',
  'null',
  '[]',
  '{}',
];
const ENCODED = [
  '%ff',
  '%FF%FE',
  '%00',
  '%',
  '%%',
  '%zz',
  '%e2%82',
  '%c3%28',
  '%ed%a0%80',
  '%f4%90%80%80',
  '%e2%9c%93%f0%9f%92%a5',
  '%ef%bb%bf',
  '%u0041',
  '%25',
  '%2F',
  '%3F',
  '%23',
  '%26',
  '%3D',
  '+',
  '%0d%0aSet-Cookie:%20x=1',
];
const ENUM_NEAR_MISSES = [
  'Intelligent',
  'INTELLIGENT',
  'percentile ',
  ' iqr',
  'time_based',
  'time-based%00',
  'mean',
  '',
];

/** Builds the generator over `routes`, drawing from `random`. */
export function createRequestFuzzer(routes: readonly FuzzRoute[], real: RealValues, random: () => number) {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number): boolean => random() < p;
  const allNames = [...new Set(routes.flatMap((r) => r.query.map((q) => q.name)))];

  /** Any byte, percent-encoded, so that nothing is normalised on the way. */
  const randomBytes = (n: number): string =>
    Array.from({ length: n }, () => `%${int(256).toString(16).padStart(2, '0')}`).join('');
  /** Printable ASCII that is safe unencoded in a query value, or encoded when it is not. */
  const randomText = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) {
      const c = 32 + int(95);
      const ch = String.fromCharCode(c);
      out += /[A-Za-z0-9._~-]/.test(ch) ? ch : `%${c.toString(16).padStart(2, '0')}`;
    }
    return out;
  };
  const enc = (text: string): string => encodeURIComponent(text);

  /** A well-formed value for a parameter, so that deeper code runs too. */
  function validValue(name: string, schema: Record<string, unknown>): string {
    if (Array.isArray(schema.enum)) return String(pick(schema.enum as unknown[]));
    if (name === 'script_path') return enc(pick(real.scriptPaths));
    if (name === 'metric_name') return enc(pick(real.metricNames));
    if (schema.type === 'integer') {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1000;
      return String(chance(0.3) ? pick([min, max]) : min + int(Math.min(max - min, 1000) + 1));
    }
    return enc(pick(real.scriptPaths));
  }

  /** A value that is wrong somehow: type, range, encoding, injection, length. */
  function hostileValue(name: string, schema: Record<string, unknown>): string {
    switch (int(9)) {
      case 0:
        return pick(NUMBERS);
      case 1:
        return enc(pick(SQL));
      case 2:
        return chance(0.5) ? enc(pick(PATHS)) : pick(PATHS).replaceAll('\\', '%5C');
      case 3:
        return pick(ENCODED) + (chance(0.5) ? pick(ENCODED) : '');
      case 4:
        return randomBytes(1 + int(12));
      case 5: {
        // Long: past the 1 KB text limit, and a few far beyond what a URL should carry.
        const length = chance(0.02) ? 20_000 + int(50_000) : 900 + int(3000);
        return chance(0.5) ? 'a'.repeat(length) : randomText(Math.ceil(length / 3));
      }
      case 6:
        return Array.isArray(schema.enum) ? enc(pick(ENUM_NEAR_MISSES)) : pick(NUMBERS);
      case 7:
        // Valid-looking text with a poison tail.
        return validValue(name, schema) + pick(['%00', '%ff', "'", '%20', '%0a', '..%2f', '%e2%80%ae']);
      default:
        return chance(0.5) ? '' : enc(pick(['[object Object]', 'undefined', '__proto__', 'constructor', 'é✓💥']));
    }
  }

  /** A path placeholder's value: mostly hostile, sometimes a real id. */
  function pathValue(name: string): string {
    if (name === 'id' && chance(0.25)) return chance(0.8) ? String(pick(real.executionIds)) : String(100_000 + int(9));
    return hostileValue(name, { type: 'integer' });
  }

  function routeRequest(route: FuzzRoute): FuzzRequest {
    const params: string[] = [];
    let path = route.path.slice(1);
    for (const name of route.pathParams) {
      path = path.replace(`{${name}}`, pathValue(name));
      params.push(name);
    }
    const pairs: string[] = [];
    for (const q of route.query) {
      if (!chance(0.6)) continue;
      const hostile = chance(0.55);
      const value = hostile ? hostileValue(q.name, q.schema) : validValue(q.name, q.schema);
      pairs.push(`${q.name}=${value}`);
      params.push(q.name);
      // The same key again: given twice, a parameter must be refused, not guessed at.
      if (chance(0.08)) pairs.push(`${q.name}=${validValue(q.name, q.schema)}`);
    }
    // Keys the route does not read (other routes' parameters, junk, encoded names).
    if (chance(0.2)) pairs.push(`${pick([...allNames, 'token', '__proto__', enc('limit ')])}=${pick(NUMBERS)}`);
    if (chance(0.05)) pairs.push(pick(['&', '=', '==', '&&&', 'limit', 'limit=', '=5', '%3D%26']));
    if (chance(0.03)) pairs.push(Array.from({ length: 200 + int(600) }, (_, i) => `k${i}=${i}`).join('&'));
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
    }
    const query = pairs.length > 0 ? `?${pairs.join('&')}` : chance(0.1) ? '?' : '';
    // Every key the query carries counts: a refusal may name any of them.
    for (const pair of pairs) params.push(decodeLoosely(pair.split('=')[0]!));
    return {
      method: chance(0.03) ? pick(['HEAD', 'POST', 'DELETE']) : 'GET',
      target: escapeNonAscii(path + query),
      headers: headers(),
      route: route.path,
      params,
    };
  }

  /** A path no route owns: typos, traversal, encoded slashes, garbage segments. */
  function strayRequest(): FuzzRequest {
    const route = pick(routes);
    const base = route.path.slice(1).replace(/\{[^}]+\}/g, '1');
    const target = pick([
      () => `${base}/${randomText(1 + int(20))}`,
      () => `api/${randomBytes(1 + int(10))}`,
      () => `${base}${pick(ENCODED)}`,
      () => `${pick(PATHS).replaceAll('\\', '%5C')}`,
      () => `api/${pick(PATHS).replaceAll('\\', '%5C')}`,
      () => base.replaceAll('/', '%2F'),
      () => base.toUpperCase(),
      () => `${base}/`,
      () => `api//${base.slice(4)}`,
      () => `api/execution/${pathValue('id')}/${pathValue('id')}`,
      () => `assets/${pick(PATHS).replaceAll('\\', '%5C')}`,
    ])();
    const params = target.startsWith('api/execution/') ? ['id'] : [];
    return { method: 'GET', target: escapeNonAscii(target), headers: headers(), route: undefined, params };
  }

  /** Sometimes odd headers: conditional requests, encodings, bogus tokens. */
  function headers(): Record<string, string> {
    const h: Record<string, string> = {};
    if (chance(0.05)) h['If-None-Match'] = pick(['*', '"x"', 'W/"abc", "def"', '"' + 'z'.repeat(300) + '"']);
    if (chance(0.05)) h['Accept-Encoding'] = pick(['br;q=NaN', 'gzip;q=-1, *;q=2', 'identity;q=0', 'x'.repeat(200)]);
    if (chance(0.03)) h.Authorization = pick(['Bearer', 'Bearer ' + 'x'.repeat(500), 'Basic Og==', 'Bearer %00']);
    if (chance(0.03)) h.Range = 'bytes=0-10';
    return h;
  }

  return (): FuzzRequest => (chance(0.9) ? routeRequest(pick(routes)) : strayRequest());
}
