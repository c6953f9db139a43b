import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

interface Operation {
  parameters: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, { get: Operation; post?: Operation & { requestBody: unknown } }>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

/** The JSON type of a value as a JSON Schema names it. */
const jsonType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

/** Checks the top-level shape (type and required properties) of a body against a schema. */
function checkShape(body: unknown, schema: Record<string, unknown>, doc: Document, where: string): void {
  if (typeof schema.$ref === 'string') schema = doc.components.schemas[schema.$ref.split('/').pop()!]!;
  const type = schema.type as string | undefined;
  if (type === 'object') {
    assert.equal(jsonType(body), 'object', where);
    for (const key of (schema.required as string[] | undefined) ?? [])
      assert.ok(key in (body as object), `${where}: ${key}`);
  } else if (type === 'array') {
    assert.equal(jsonType(body), 'array', where);
    const items = schema.items as Record<string, unknown> | undefined;
    if (items && (body as unknown[]).length > 0) checkShape((body as unknown[])[0], items, doc, `${where}[0]`);
  } else if (type === 'string') {
    assert.equal(typeof body, 'string', where);
  }
}

/** A value for a path parameter that exists in the fixture. */
const SAMPLE_PATH_VALUES: Record<string, string> = { id: '39' };
/** Query values that select data in the fixture (routes analysing one script). */
const SAMPLE_QUERY: Record<string, string> = { script_path: 'jobs/slow_growing.py' };

describe('GET /api/openapi.json', () => {
  let server: FixtureServer;
  let doc: Document;
  before(async () => {
    server = await startFixtureServer();
    doc = (await (await server.get('api/openapi.json')).json()) as Document;
  });
  after(() => server.stopUnchanged());

  it('is OpenAPI 3.1 and describes every REST route of design.md §3', () => {
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/api/health',
      '/api/scripts',
      '/api/executions',
      '/api/executions/failed',
      '/api/execution/{id}',
      '/api/metrics/latest',
      '/api/metrics/history',
      '/api/metrics/aggregated',
      '/api/metrics/available',
      '/api/analysis/trend',
      '/api/analysis/baseline',
      '/api/analysis/regressions',
      '/api/stats/database',
      '/api/stats/execution',
      '/api/stats/performance',
      '/api/export/csv',
      '/metrics',
    ])
      assert.ok(doc.paths[path]?.get, path);
    assert.ok(doc.paths['/api/ingest/executions']?.post?.requestBody, 'POST /api/ingest/executions');
  });

  it('is true about ingest on a read-only server: POST /api/ingest/executions answers the documented 403 {detail}', async () => {
    const res = await server.get('api/ingest/executions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.status, 403);
    assert.ok(doc.paths['/api/ingest/executions']!.post!.responses['403']);
    assert.match(((await res.json()) as { detail: string }).detail, /--token/);
  });

  it('is true: every described route answers 200 with the described content type and top-level shape', async () => {
    for (const [template, { get }] of Object.entries(doc.paths).filter(([, item]) => item.get)) {
      let path = template.slice(1).replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PATH_VALUES[name]!);
      const query = new URLSearchParams();
      for (const p of get.parameters.filter((p) => p.in === 'query' && SAMPLE_QUERY[p.name]))
        query.set(p.name, SAMPLE_QUERY[p.name]!);
      if ([...query].length) path += `?${query}`;
      const res = await server.get(path);
      assert.equal(res.status, 200, path);
      const [mediaType, { schema }] = Object.entries(get.responses['200']!.content!)[0]!;
      assert.ok((res.headers.get('content-type') ?? '').startsWith(mediaType), `${path}: ${mediaType}`);
      checkShape(mediaType === 'application/json' ? await res.json() : await res.text(), schema, doc, path);
    }
  });

  it('is true about errors: out-of-range parameters answer 400 {detail}, unknown ids 404 {detail}', async () => {
    for (const [template, { get }] of Object.entries(doc.paths).filter(([, item]) => item.get)) {
      for (const p of get.parameters.filter((p) => p.in === 'query' && typeof p.schema.maximum === 'number')) {
        const res = await server.get(
          `${template.slice(1).replace('{id}', '1')}?${p.name}=${(p.schema.maximum as number) + 1}`,
        );
        assert.equal(res.status, 400, `${template} ${p.name}`);
        assert.ok(get.responses['400'], `${template} documents 400`);
        assert.ok(((await res.json()) as { detail: string }).detail.startsWith(p.name), `${template} ${p.name}`);
      }
    }
    const missing = await server.get('api/execution/9999');
    assert.equal(missing.status, 404);
    assert.ok(doc.paths['/api/execution/{id}']!.get.responses['404']);
  });
});
