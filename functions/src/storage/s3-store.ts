/**
 * The S3 object store: presigned POSTs whose policy fixes the key, the content type and the size
 * range (S3 refuses anything else, and refuses the form once it expires), and presigned GET URLs.
 * The SDK is imported on first use, so routes that never touch images do not load it at cold start.
 */
import type { ObjectStore, PresignedUpload, StoredObject, UploadRequest } from "./store.js";

export function createS3ObjectStore(options: { bucket: string; region: string }): ObjectStore {
  let clientPromise: Promise<{
    s3: typeof import("@aws-sdk/client-s3");
    client: import("@aws-sdk/client-s3").S3Client;
  }>;
  const load = () => {
    clientPromise ??= import("@aws-sdk/client-s3").then((s3) => ({
      s3,
      client: new s3.S3Client({ region: options.region }),
    }));
    return clientPromise;
  };

  return {
    kind: "s3",
    async presignUpload(request: UploadRequest): Promise<PresignedUpload> {
      const { client } = await load();
      const { createPresignedPost } = await import("@aws-sdk/s3-presigned-post");
      const expiresAt = new Date(Date.now() + request.expiresInSeconds * 1000).toISOString();
      const post = await createPresignedPost(client, {
        Bucket: options.bucket,
        Key: request.key,
        Conditions: [
          ["content-length-range", 1, request.maxBytes],
          ["eq", "$Content-Type", request.contentType],
        ],
        Fields: { "Content-Type": request.contentType },
        Expires: request.expiresInSeconds,
      });
      return {
        url: post.url,
        fields: post.fields,
        key: request.key,
        contentType: request.contentType,
        maxBytes: request.maxBytes,
        expiresAt,
      };
    },
    async signedUrl(key, expiresInSeconds) {
      const { s3, client } = await load();
      const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
      return getSignedUrl(client, new s3.GetObjectCommand({ Bucket: options.bucket, Key: key }), {
        expiresIn: expiresInSeconds,
      });
    },
    async copy(from, to) {
      const { s3, client } = await load();
      await client.send(
        new s3.CopyObjectCommand({
          Bucket: options.bucket,
          CopySource: `${options.bucket}/${from}`,
          Key: to,
        }),
      );
    },
    async inspect(key): Promise<StoredObject | null> {
      const { s3, client } = await load();
      try {
        const object = await client.send(
          new s3.GetObjectCommand({ Bucket: options.bucket, Key: key, Range: "bytes=0-15" }),
        );
        const head = new Uint8Array((await object.Body?.transformToByteArray()) ?? []);
        // A ranged GET's ContentRange is `bytes 0-15/<total>`.
        const total = Number(object.ContentRange?.split("/")[1] ?? object.ContentLength ?? 0);
        return { size: total, contentType: object.ContentType ?? "", head };
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === "NoSuchKey" || name === "NotFound" || name === "InvalidRange") return null;
        throw error;
      }
    },
  };
}
