import { NavLink } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useI18n } from '../i18n/index.tsx';

const AccountLink_user = graphql(`
  fragment AccountLink_user on User {
    name
  }
`);

export function AccountLink(props: { user: FragmentType<typeof AccountLink_user> }) {
  const { t } = useI18n();
  const user = getFragmentData(AccountLink_user, props.user);
  return (
    <NavLink to="/me" className="account" title={t('nav.myPage')}>
      <span className="account__avatar" aria-hidden="true">
        {user.name.slice(0, 1).toUpperCase()}
      </span>
      <span className="account__name">{t('nav.account', { name: user.name })}</span>
    </NavLink>
  );
}
