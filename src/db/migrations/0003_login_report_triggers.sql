-- The login report filters on values that live on other rows: the city and bairro of the login's installation
-- address (its own when uses_client_address = false, else its client's) and its contract's status, access
-- status and plan. They are copied onto the login row (effective_*, contract_*; indexed where it pays) by the
-- triggers below, so a filter is a plain column test on logins instead of an OR across joined tables or a join
-- to a million contracts — and every write path (import, demo, `avisa db copy`, a later sync) keeps them right.

-- A login written with address or contract columns takes its address and its contract's codes.
create or replace function logins_copy_report_columns() returns trigger language plpgsql as $$
begin
  if new.uses_client_address then
    select c.city_id, c.neighbourhood, c.neighbourhood_search
      into new.effective_city_id, new.effective_neighbourhood, new.effective_neighbourhood_search
      from clients c
     where c.id = new.client_id;
  else
    new.effective_city_id := new.city_id;
    new.effective_neighbourhood := new.neighbourhood;
    new.effective_neighbourhood_search := new.neighbourhood_search;
  end if;
  select k.status, k.access_status, k.plan_id
    into new.contract_status, new.contract_access_status, new.contract_plan_id
    from contracts k
   where k.id = new.contract_id;
  return new;
end
$$;
--> statement-breakpoint
create trigger logins_copy_report_columns
  before insert or update of uses_client_address, city_id, neighbourhood, neighbourhood_search, client_id, contract_id
  on logins for each row execute function logins_copy_report_columns();
--> statement-breakpoint

-- A client whose address changes moves the logins that use it (one set-based update per statement).
create or replace function clients_copy_report_columns() returns trigger language plpgsql as $$
begin
  update logins l
     set effective_city_id = c.city_id,
         effective_neighbourhood = c.neighbourhood,
         effective_neighbourhood_search = c.neighbourhood_search
    from changed_clients c
   where l.client_id = c.id
     and l.uses_client_address
     and (l.effective_city_id, l.effective_neighbourhood, l.effective_neighbourhood_search)
         is distinct from (c.city_id, c.neighbourhood, c.neighbourhood_search);
  return null;
end
$$;
--> statement-breakpoint
create trigger clients_copy_report_columns
  after update on clients referencing new table as changed_clients
  for each statement execute function clients_copy_report_columns();
--> statement-breakpoint

-- A contract whose status, access status or plan changes passes it to its logins.
create or replace function contracts_copy_report_columns() returns trigger language plpgsql as $$
begin
  update logins l
     set contract_status = k.status,
         contract_access_status = k.access_status,
         contract_plan_id = k.plan_id
    from changed_contracts k
   where l.contract_id = k.id
     and (l.contract_status, l.contract_access_status, l.contract_plan_id)
         is distinct from (k.status, k.access_status, k.plan_id);
  return null;
end
$$;
--> statement-breakpoint
create trigger contracts_copy_report_columns
  after update on contracts referencing new table as changed_contracts
  for each statement execute function contracts_copy_report_columns();
--> statement-breakpoint

-- Rows stored before this migration. The folding approximates src/ingest/fold.ts for Latin text; new writes
-- use the real one.
update ftth_boxes
   set name_search = btrim(regexp_replace(translate(lower(name), 'áàâãäåéèêëíìîïóòôõöúùûüçñ', 'aaaaaaeeeeiiiiooooouuuucn'), '\s+', ' ', 'g'))
 where name_search is null;
--> statement-breakpoint
-- Touching neighbourhood_search fires logins_copy_report_columns on every row: the copies get filled too.
update logins
   set neighbourhood_search = btrim(regexp_replace(translate(lower(neighbourhood), 'áàâãäåéèêëíìîïóòôõöúùûüçñ', 'aaaaaaeeeeiiiiooooouuuucn'), '\s+', ' ', 'g'));
