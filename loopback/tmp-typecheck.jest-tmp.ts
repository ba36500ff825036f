import { LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import AdmZip from 'adm-zip';
import {
  startLambdaApiServer,
  DEFAULT_ACCOUNT_ID,
  type LambdaApiServer,
  type RecordedRequest,
  type StoredLayerVersion,
  type PolicyStatement,
  type RegionFaults,
} from './lambda-api-server.js';

let server: LambdaApiServer;
beforeAll(async () => {
  server = await startLambdaApiServer({ faults: { 'eu-west-1': { latencyMs: 1 } }, s3Objects: async () => undefined });
});
afterAll(async () => server.close());

test('publishes through the loopback server', async () => {
  const zip = new AdmZip();
  zip.addFile('a.txt', Buffer.from('a'));
  const client = new LambdaClient({ region: 'eu-west-1', endpoint: server.url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const out = await client.send(new PublishLayerVersionCommand({ LayerName: 'x', Content: { ZipFile: zip.toBuffer() } }));
  expect(out.Version).toBe(1);
  const stored: StoredLayerVersion[] = server.layerVersions('eu-west-1', 'x');
  const zipBytes: Buffer = stored[0]!.zip;
  expect(zipBytes.length).toBe(out.Content?.CodeSize);
  const log: RecordedRequest[] = server.requests;
  expect(log[0]!.operation).toBe('PublishLayerVersion');
  const statements: PolicyStatement[] = server.policy('eu-west-1', 'x', 1);
  expect(statements).toEqual([]);
  const faults: RegionFaults = server.regionFaults('eu-west-1');
  expect(faults.latencyMs).toBe(1);
  expect(DEFAULT_ACCOUNT_ID).toBe('123456789012');
  server.setRegionFaults('eu-west-1', { throttles: 1, down: false });
  const region: string | undefined = log[0]!.region;
  expect(region).toBe('eu-west-1');
  expect(server.regions()).toEqual(['eu-west-1']);
  server.reset();
});
