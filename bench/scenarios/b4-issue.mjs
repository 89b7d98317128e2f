// B4: documents issued per second (number + render + two PAdES signatures), beside the bare pdf-lib load+save of the same file.
export async function b4Issue() {
  return { skipped: 'the outgoing-documents module (issue 4) is not in this build yet' };
}
