import { AppError, ErrorCode } from '../core/errors';

/** The limit is on UTF-8 bytes, what the analysers and the model actually receive, not characters. */
export function codeSizeBytes(code: string): number {
  return Buffer.byteLength(code, 'utf8');
}

export function assertCodeSize(code: string, maxBytes: number): void {
  const size = codeSizeBytes(code);
  if (size > maxBytes) {
    throw new AppError(ErrorCode.PayloadTooLarge, `The code is ${size} bytes, over the limit of ${maxBytes} bytes (CODE_MAX_BYTES)`, {
      details: { field: 'code', size_bytes: size, limit_bytes: maxBytes },
    });
  }
}
