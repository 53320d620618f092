import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { useDebounced } from '../hooks.ts';

const UserSearchQuery = graphql(`
  query AdminUserSearch($query: String!) {
    users(query: $query, first: 8) {
      id
      name
      email
    }
  }
`);

export interface PickedUser {
  id: string;
  name: string;
  email: string;
}

/**
 * One account, picked by searching emails and names (auth's admin-only `users`): admins know buyers by the
 * email they write in with, never by their id.
 */
export function BuyerPicker({
  picked,
  onPick,
}: {
  picked: PickedUser | null;
  onPick(user: PickedUser | null): void;
}) {
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 250);
  const [{ data, fetching }] = useQuery({
    query: UserSearchQuery,
    variables: { query },
    pause: query.length < 2 || picked !== null,
  });
  if (picked) {
    return (
      <p className="picked-user" data-testid="picked-user">
        <span>
          {picked.name} <span className="muted">{picked.email}</span>
        </span>
        <button type="button" className="button button--ghost" onClick={() => onPick(null)}>
          다른 회원
        </button>
      </p>
    );
  }
  const found = query.length >= 2 ? (data?.users ?? []) : [];
  return (
    <div className="buyer-picker">
      <label>
        회원 검색 (이메일·이름)
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="buyer@example.com"
          autoComplete="off"
        />
      </label>
      {query.length >= 2 && !fetching && data && found.length === 0 && (
        <p className="muted">‘{query}’ 회원이 없습니다.</p>
      )}
      {found.length > 0 && (
        <ul className="user-results" aria-label="회원 검색 결과">
          {found.map((user) => (
            <li key={user.id}>
              <button type="button" onClick={() => onPick(user)}>
                {user.name} <span className="muted">{user.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
