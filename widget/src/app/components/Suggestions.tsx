// Quick replies under the latest answer: each button sends its text as the visitor.
export function Suggestions({ replies, onPick }: { replies: string[]; onPick: (text: string) => void }) {
  if (!replies.length) return null
  return (
    <div class="sugs">
      {replies.map((r) => (
        <button key={r} type="button" part="suggestion" class="sug" onClick={() => onPick(r)}>
          {r}
        </button>
      ))}
    </div>
  )
}
