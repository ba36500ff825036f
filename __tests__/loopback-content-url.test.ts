import AdmZip from 'adm-zip'
import { GetLayerVersionCommand, LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda'
import { useLoopbackServer } from './helpers/loopback.js'
import { TEST_CREDENTIALS } from './helpers/run-action.js'

const server = useLoopbackServer()

function client(): LambdaClient {
  return new LambdaClient({
    region: 'eu-west-1',
    endpoint: server.url,
    credentials: {
      accessKeyId: TEST_CREDENTIALS.AWS_ACCESS_KEY_ID,
      secretAccessKey: TEST_CREDENTIALS.AWS_SECRET_ACCESS_KEY
    }
  })
}

async function publishedLocation(): Promise<{ location: string; zip: Buffer }> {
  const layer = new AdmZip()
  layer.addFile('nodejs/node_modules/x/package.json', Buffer.from('{"name":"x","version":"1.0.0"}'))
  const zip = layer.toBuffer()
  const lambda = client()
  await lambda.send(new PublishLayerVersionCommand({ LayerName: 'url', Content: { ZipFile: zip } }))
  const stored = await lambda.send(new GetLayerVersionCommand({ LayerName: 'url', VersionNumber: 1 }))
  lambda.destroy()
  return { location: stored.Content?.Location as string, zip }
}

describe("loopback Content.Location, like Lambda's presigned S3 URL", () => {
  it('is signed, valid for 600 seconds, and serves the zip', async () => {
    const { location, zip } = await publishedLocation()
    const url = new URL(location)
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256')
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600')
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^[A-Z0-9]+\/\d{8}\/eu-west-1\/s3\/aws4_request$/)
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
    const response = await fetch(location)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).equals(zip)).toBe(true)
  })

  it('refuses a changed URL and, past its expiry, answers as S3 does', async () => {
    const { location } = await publishedLocation()
    const tampered = new URL(location)
    tampered.searchParams.set('X-Amz-Expires', '604800')
    const refused = await fetch(tampered)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>')

    server.setContentUrlFault('expired')
    const expired = await fetch(location)
    expect(expired.status).toBe(403)
    const body = await expired.text()
    expect(body).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>')
    expect(body).toContain('<X-Amz-Expires>600</X-Amz-Expires>')

    server.setContentUrlFault(undefined)
    expect((await fetch(location)).status).toBe(200)
  })
})
