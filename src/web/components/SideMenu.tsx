/** The left menu: group headings (Relatórios, Sistema…), the IXC sub-path (Provedor › Conexões) and links. */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '../endpoints.js';
import { homeItem, type MenuItem, menuFor } from '../menu.js';

function MenuLink({ item }: { item: MenuItem }) {
  const { t } = useTranslation();
  return (
    <li>
      <Link to={item.to} className="menu-link" activeOptions={{ exact: true, includeSearch: false }}>
        {t(item.label)}
      </Link>
    </li>
  );
}

export function SideMenu({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <nav className="side-menu" aria-label={t('menu.label')}>
      <ul className="menu-items">
        <MenuLink item={homeItem} />
      </ul>
      {menuFor(role).map((group) => (
        <section key={group.label} className="menu-group" aria-labelledby={`menu-group-${group.label.slice(5)}`}>
          <h2 id={`menu-group-${group.label.slice(5)}`}>{t(group.label)}</h2>
          {group.sections.map((section) => (
            <div key={section.items[0]?.to} className="menu-section">
              {section.path.length > 0 && (
                <p className="menu-path">
                  {section.path.map((label, i) => (
                    <span key={label}>
                      {i > 0 && <span aria-hidden="true"> › </span>}
                      {t(label)}
                    </span>
                  ))}
                </p>
              )}
              <ul className="menu-items">
                {section.items.map((item) => (
                  <MenuLink key={item.to} item={item} />
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </nav>
  );
}
