// The launcher's two icons (the chat bubble and the ×, drawn by /huike.js in the same shadow root), read
// from it once the app mounts: the panel's header shows the same two, without a second copy of each path.
export const icons: string[] = []

export function takeIcons(launcher: Element | undefined) {
  launcher?.querySelectorAll('path').forEach((p, i) => (icons[i] = p.getAttribute('d') ?? ''))
}
