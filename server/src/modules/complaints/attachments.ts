import path from 'node:path';
import type { RequestHandler, Response } from 'express';
import mongoose, { Types } from 'mongoose';
import multer from 'multer';
import { attachmentLimits } from '@redress/shared';
import { errors } from '../../platform/errors';
import type { ComplaintEventFields } from './complaint.types';

export type StoredAttachment = ComplaintEventFields['attachments'][number];

const BUCKET = 'attachments';

/**
 * Multipart parsing for the `files` field, in memory (at most 5 × 5 MB) so the bytes can be checked
 * before anything is stored. Too many or too large files become 413 payload_too_large in the error
 * handler; a non-multipart request passes through untouched.
 */
export const receiveFiles: RequestHandler = multer({
  storage: multer.memoryStorage(),
  limits: { files: attachmentLimits.maxFiles, fileSize: attachmentLimits.maxBytes, fields: 10, fieldSize: 64 * 1024 },
}).array('files');

/** The file types we accept, told apart by their first bytes (magic numbers). */
export function sniffContentType(buf: Buffer): string | null {
  const starts = (sig: number[], offset = 0) => buf.length >= offset + sig.length && sig.every((b, i) => buf[offset + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || starts([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])) return 'image/gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

/** The one extension a stored file of each accepted type gets. */
const extensionByType: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

const typeByExtension: Record<string, string> = { ...Object.fromEntries(Object.entries(extensionByType).map(([t, e]) => [e, t])), '.jpeg': 'image/jpeg' };

/**
 * A filename safe to store and to put in a header, named from the detected type: the customer's
 * stem is kept (no directories, control characters, quotes or shell/markup punctuation; letters of
 * any script stay so customers recognise their files), and the extension is always the one of
 * `contentType`. So PNG bytes named invoice.hta or photo.svg become invoice.png and photo.png, and
 * no file is ever saved or served with an extension a browser or desktop would run.
 */
export function sanitiseFilename(name: string, contentType: string): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  const given = path.extname(base).toLowerCase();
  // The customer's own extension stays only when it names the detected type (photo.jpeg).
  const ext = typeByExtension[given] === contentType ? given : (extensionByType[contentType] ?? '.bin');
  const stem = base
    .slice(0, base.length - given.length)
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    // No inner dot either, so no part of the name reads as another extension (invoice.hta.png).
    .replace(/\./g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[_\s]+/, '')
    .trim()
    .slice(-(100 - ext.length));
  return `${stem || 'attachment'}${ext}`;
}

export interface CheckedFile {
  buffer: Buffer;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * Decide each upload's type from its content. Unknown content, or content that contradicts the
 * name or declared type (a text file called photo.png), is refused with 415 naming the field.
 */
export function checkFiles(files: Express.Multer.File[]): CheckedFile[] {
  return files.map((f, i) => {
    const field = `files[${i}]`;
    const sniffed = sniffContentType(f.buffer);
    const allowed = 'PNG, JPEG, GIF, WebP or PDF';
    if (!sniffed) throw errors.unsupportedMedia(`${f.originalname}: the content is not a ${allowed} file`, field);
    const byName = typeByExtension[path.extname(f.originalname).toLowerCase()];
    const declared = (attachmentLimits.contentTypes as readonly string[]).includes(f.mimetype) ? f.mimetype : undefined;
    if ((byName && byName !== sniffed) || (declared && declared !== sniffed)) {
      throw errors.unsupportedMedia(`${f.originalname}: the content is ${sniffed}, which does not match its name or type`, field);
    }
    return { buffer: f.buffer, filename: sanitiseFilename(f.originalname, sniffed), contentType: sniffed, size: f.size };
  });
}

function bucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET });
}

/** Store checked files in GridFS, tagged with their complaint so downloads can be scoped to it. */
export async function storeFiles(complaintId: Types.ObjectId, files: CheckedFile[]): Promise<StoredAttachment[]> {
  const b = bucket();
  const stored: StoredAttachment[] = [];
  for (const f of files) {
    const fileId = new Types.ObjectId();
    await new Promise<void>((resolve, reject) => {
      const up = b.openUploadStreamWithId(fileId, f.filename, { metadata: { complaintId, contentType: f.contentType } });
      up.once('finish', () => resolve());
      up.once('error', reject);
      up.end(f.buffer);
    });
    stored.push({ fileId, filename: f.filename, contentType: f.contentType, size: f.size });
  }
  return stored;
}

/**
 * Stream one attachment of one complaint as a download. Anything else (wrong complaint, bad id)
 * is the same 404. The sniffed type goes out with nosniff (a browser never reinterprets it),
 * Content-Disposition: attachment under a name from that type, and a sandboxing CSP.
 */
export async function sendAttachment(res: Response, complaintId: Types.ObjectId, fileId: string): Promise<void> {
  if (!Types.ObjectId.isValid(fileId)) throw errors.notFound('Attachment');
  const b = bucket();
  const [file] = await b
    .find({ _id: new Types.ObjectId(fileId), 'metadata.complaintId': complaintId })
    .limit(1)
    .toArray();
  if (!file) throw errors.notFound('Attachment');
  const meta = (file.metadata ?? {}) as { contentType?: string };
  const contentType = meta.contentType && meta.contentType in extensionByType ? meta.contentType : 'application/octet-stream';
  // Named again from the type, so a file stored before names were (say, invoice.hta) goes out as .png.
  res.attachment(sanitiseFilename(file.filename, contentType));
  res.set({
    'Content-Type': contentType,
    'Content-Length': String(file.length),
    'X-Content-Type-Options': 'nosniff',
    // Opened anyway (a PDF viewer, a new tab), the file runs no script and loads nothing.
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-store',
  });
  await new Promise<void>((resolve, reject) => {
    const down = b.openDownloadStream(file._id);
    down.once('error', reject);
    res.once('finish', () => resolve());
    res.once('close', () => resolve());
    down.pipe(res);
  });
}
