import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the client's selection below the current field reaches `path` (field names, through fragments).
 * `@skip`/`@include` are not evaluated: a field they leave out is still counted, which costs at most some
 * data read for nothing.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const [depth, name] of path.entries()) {
    const fields = sets.flatMap((set) => fieldsNamed(set, name, info));
    if (fields.length === 0) return false;
    if (depth === path.length - 1) return true;
    sets = fields.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return false;
}

function fieldsNamed(set: SelectionSetNode, name: string, info: GraphQLResolveInfo): FieldNode[] {
  return set.selections.flatMap((selection): FieldNode[] => {
    if (selection.kind === 'Field') return selection.name.value === name ? [selection] : [];
    if (selection.kind === 'InlineFragment') return fieldsNamed(selection.selectionSet, name, info);
    const fragment = info.fragments[selection.name.value];
    return fragment ? fieldsNamed(fragment.selectionSet, name, info) : [];
  });
}
