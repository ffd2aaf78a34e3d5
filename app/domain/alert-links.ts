// Where an alert points (the inbox link and the link in a group-robot message): the record the
// alert is about. Problems have their own page (department staff may open it without seeing the
// project); incentives and instructions live on their project's page; aftercare alerts open
// the firm's 安商稳商 page.
export type AlertSubjectRef = { subjectType: string; subjectId: string; projectId: string | null; kind: string };

export function alertPath(subject: AlertSubjectRef): string {
  const project = subject.projectId ?? subject.subjectId;
  if (subject.kind.startsWith("AFTERCARE_")) return `/aftercare/${encodeURIComponent(project)}`;
  switch (subject.subjectType) {
    case "PROBLEM":
      return `/problems/${encodeURIComponent(subject.subjectId)}`;
    case "INCENTIVE":
      return subject.projectId ? `/projects/${encodeURIComponent(subject.projectId)}#incentives` : "/";
    case "INSTRUCTION":
      return subject.projectId ? `/projects/${encodeURIComponent(subject.projectId)}#instructions` : "/";
    default:
      return `/projects/${encodeURIComponent(project)}`;
  }
}
