/**
 * File-system failures in words a person can act on ("is a folder, not a
 * file", "the disk is full"), for one-line messages instead of stack traces.
 */

const REASONS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "a part of the path is a file, not a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EROFS: "the disk is read-only",
  EEXIST: "something with that name exists already",
  ENOTEMPTY: "the folder is not empty",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EMFILE: "too many files are open",
  ENFILE: "too many files are open",
  EBUSY: "it is in use",
  EIO: "the disk reported an input/output error",
  EXDEV: "it is on another disk",
};

/** A Node.js file-system error (it has an E... code), or null for anything else. */
export function asFileSystemError(error: unknown): NodeJS.ErrnoException | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? (error as NodeJS.ErrnoException) : null;
}

/** The reason in words; the code itself for a rare one. */
export function fileSystemReason(error: NodeJS.ErrnoException): string {
  return REASONS[error.code ?? ""] ?? `${error.code ?? "error"} (${error.syscall ?? "file system"})`;
}

/** "<path>: <reason>", or null when the error is not a file-system error. */
export function describeFileSystemError(error: unknown): string | null {
  const fsError = asFileSystemError(error);
  if (!fsError) return null;
  // A rename names both paths; the one a person chose is where it was going.
  const where = (fsError as { dest?: string }).dest ?? fsError.path;
  return `${where ? `${where}: ` : ""}${fileSystemReason(fsError)}`;
}
