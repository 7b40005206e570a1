/** Messages under a form field (the server's issues for it). */
export function Errors({ errors }: { errors: string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <span className="field-error" role="alert">
      {errors.join(' ')}
    </span>
  );
}
