import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { createReadStream } from 'node:fs'

/** Multipart part size: S3's minimum for all parts but the last. */
const PART_BYTES = 8 * 1024 * 1024
const PARTS_IN_FLIGHT = 2

/** The staging key: the content hash makes it unique per archive and safe to re-upload. Pure. */
export function stagingKey(prefix: string, layerName: string, codeSha256: string): string {
  const hex = Buffer.from(codeSha256, 'base64').toString('hex')
  return `${prefix}${layerName}/${hex}.zip`
}

/** Streams the zip from disk to the bucket, in parts when it is large. */
export async function uploadArchive(client: S3Client, bucket: string, key: string, zipPath: string): Promise<void> {
  const upload = new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: createReadStream(zipPath), ContentType: 'application/zip' },
    partSize: PART_BYTES,
    queueSize: PARTS_IN_FLIGHT,
    leavePartsOnError: false
  })
  await upload.done()
}

export async function deleteStagedArchive(client: S3Client, bucket: string, key: string): Promise<void> {
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))
}

/**
 * Stages the zip in the bucket, runs `task` on it, then deletes the object unless it is kept. A
 * failed upload leaves no object behind (a failed multipart upload is aborted); a failed delete is
 * a warning, not a failure.
 */
export async function withStagedArchive<T>(
  client: S3Client,
  staged: { bucket: string; key: string; zipPath: string; keep: boolean },
  task: () => Promise<T>,
  warn: (error: unknown) => void
): Promise<T> {
  await uploadArchive(client, staged.bucket, staged.key, staged.zipPath)
  try {
    return await task()
  } finally {
    if (!staged.keep) await deleteStagedArchive(client, staged.bucket, staged.key).catch(warn)
  }
}
