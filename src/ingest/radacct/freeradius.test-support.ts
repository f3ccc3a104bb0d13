/**
 * FreeRADIUS's published `radacct` schema (FreeRADIUS 3.2.1, Debian 12 package freeradius-config:
 * raddb/mods-config/sql/main/mysql/schema.sql $Id: 84846b20c93e92ba785a9f9e49375246309b48b9 $ and
 * …/postgresql/schema.sql $Id: 518bc5d2ecf22b546b2cdd4845eee542fc916b25 $; © The FreeRADIUS Server Project,
 * GPL-2.0-or-later), copied verbatim — the radacct table only — and writes shaped like FreeRADIUS's own
 * accounting queries (queries.conf of the same release: start, interim-update, stop, and the "bulk update"
 * Accounting-On/Off, which on MySQL sets acctstoptime but not acctupdatetime). Times are epoch seconds written
 * with FROM_UNIXTIME / to_timestamp, as FreeRADIUS's `event_timestamp` does.
 */
import type mysql from 'mysql2/promise';
import type pg from 'pg';

export const MYSQL_RADACCT = `
#

CREATE TABLE IF NOT EXISTS radacct (
  radacctid bigint(21) NOT NULL auto_increment,
  acctsessionid varchar(64) NOT NULL default '',
  acctuniqueid varchar(32) NOT NULL default '',
  username varchar(64) NOT NULL default '',
  realm varchar(64) default '',
  nasipaddress varchar(15) NOT NULL default '',
  nasportid varchar(32) default NULL,
  nasporttype varchar(32) default NULL,
  acctstarttime datetime NULL default NULL,
  acctupdatetime datetime NULL default NULL,
  acctstoptime datetime NULL default NULL,
  acctinterval int(12) default NULL,
  acctsessiontime int(12) unsigned default NULL,
  acctauthentic varchar(32) default NULL,
  connectinfo_start varchar(128) default NULL,
  connectinfo_stop varchar(128) default NULL,
  acctinputoctets bigint(20) default NULL,
  acctoutputoctets bigint(20) default NULL,
  calledstationid varchar(50) NOT NULL default '',
  callingstationid varchar(50) NOT NULL default '',
  acctterminatecause varchar(32) NOT NULL default '',
  servicetype varchar(32) default NULL,
  framedprotocol varchar(32) default NULL,
  framedipaddress varchar(15) NOT NULL default '',
  framedipv6address varchar(45) NOT NULL default '',
  framedipv6prefix varchar(45) NOT NULL default '',
  framedinterfaceid varchar(44) NOT NULL default '',
  delegatedipv6prefix varchar(45) NOT NULL default '',
  class varchar(64) default NULL,
  PRIMARY KEY (radacctid),
  UNIQUE KEY acctuniqueid (acctuniqueid),
  KEY username (username),
  KEY framedipaddress (framedipaddress),
  KEY framedipv6address (framedipv6address),
  KEY framedipv6prefix (framedipv6prefix),
  KEY framedinterfaceid (framedinterfaceid),
  KEY delegatedipv6prefix (delegatedipv6prefix),
  KEY acctsessionid (acctsessionid),
  KEY acctsessiontime (acctsessiontime),
  KEY acctstarttime (acctstarttime),
  KEY acctinterval (acctinterval),
  KEY acctstoptime (acctstoptime),
  KEY nasipaddress (nasipaddress),
  KEY class (class)
) ENGINE = INNODB;
`;

export const POSTGRES_RADACCT = `

/*
 * Table structure for table 'radacct'
 *
 */
CREATE TABLE IF NOT EXISTS radacct (
	RadAcctId		bigserial PRIMARY KEY,
	AcctSessionId		text NOT NULL,
	AcctUniqueId		text NOT NULL UNIQUE,
	UserName		text,
	Realm			text,
	NASIPAddress		inet NOT NULL,
	NASPortId		text,
	NASPortType		text,
	AcctStartTime		timestamp with time zone,
	AcctUpdateTime		timestamp with time zone,
	AcctStopTime		timestamp with time zone,
	AcctInterval		bigint,
	AcctSessionTime		bigint,
	AcctAuthentic		text,
	ConnectInfo_start	text,
	ConnectInfo_stop	text,
	AcctInputOctets		bigint,
	AcctOutputOctets	bigint,
	CalledStationId		text,
	CallingStationId	text,
	AcctTerminateCause	text,
	ServiceType		text,
	FramedProtocol		text,
	FramedIPAddress		inet,
	FramedIPv6Address	inet,
	FramedIPv6Prefix	inet,
	FramedInterfaceId	text,
	DelegatedIPv6Prefix	inet,
	Class			text
);
-- This index may be useful..
-- CREATE UNIQUE INDEX radacct_whoson on radacct (AcctStartTime, nasipaddress);

-- For use by update-, stop- and simul_* queries
CREATE INDEX radacct_active_session_idx ON radacct (AcctUniqueId) WHERE AcctStopTime IS NULL;

-- Add if you you regularly have to replay packets
-- CREATE INDEX radacct_session_idx ON radacct (AcctUniqueId);

-- For backwards compatibility
-- CREATE INDEX radacct_active_user_idx ON radacct (AcctSessionId, UserName, NASIPAddress) WHERE AcctStopTime IS NULL;

-- For use by onoff-
CREATE INDEX radacct_bulk_close ON radacct (NASIPAddress, AcctStartTime) WHERE AcctStopTime IS NULL;

-- and for common statistic queries:
CREATE INDEX radacct_start_user_idx ON radacct (AcctStartTime, UserName);

-- and, optionally
-- CREATE INDEX radacct_stop_user_idx ON radacct (acctStopTime, UserName);

-- and for Class
CREATE INDEX radacct_calss_idx ON radacct (Class);
`;

export interface FreeRadiusDb {
  start(s: { username: string; nasIp: string; uniqueId: string; at: number; framedIp?: string }): Promise<void>;
  interim(uniqueId: string, at: number, sessionTime: number, framedIp: string): Promise<void>;
  stop(uniqueId: string, at: number, sessionTime: number, cause: string): Promise<void>;
  /** Accounting-On/Off, FreeRADIUS's default "bulk update" strategy. */
  nasReboot(nasIp: string, at: number): Promise<void>;
  close(): Promise<void>;
}

const startColumns = `acctsessionid, acctuniqueid, username, realm, nasipaddress, nasportid, nasporttype, acctstarttime,
  acctupdatetime, acctstoptime, acctsessiontime, acctauthentic, connectinfo_start, connectinfo_stop, acctinputoctets,
  acctoutputoctets, calledstationid, callingstationid, acctterminatecause, servicetype, framedprotocol,
  framedipaddress, framedipv6address, framedipv6prefix, framedinterfaceid, delegatedipv6prefix`;

export function mysqlFreeRadius(connection: mysql.Connection): FreeRadiusDb {
  const q = (text: string, params: unknown[]) => connection.query(text, params);
  return {
    start: (s) =>
      q(
        `insert into radacct (${startColumns}) values (?, ?, ?, '', ?, '15', 'Virtual', from_unixtime(?), from_unixtime(?), null,
          '0', 'RADIUS', '', '', '0', '0', 'pppoe', 'AA:BB:CC:DD:EE:FF', '', 'Framed-User', 'PPP', ?, '', '', '', '')`,
        [s.uniqueId.slice(0, 8), s.uniqueId, s.username, s.nasIp, s.at, s.at, s.framedIp ?? ''],
      ).then(() => {}),
    interim: (id, at, time, ip) =>
      q(
        `update radacct set acctupdatetime = (@acctupdatetime_old:=acctupdatetime), acctupdatetime = from_unixtime(?),
          acctinterval = ? - unix_timestamp(@acctupdatetime_old), framedipaddress = ?, acctsessiontime = ?
          where acctuniqueid = ? and acctstoptime is null`,
        [at, at, ip, time, id],
      ).then(() => {}),
    stop: (id, at, time, cause) =>
      q(
        `update radacct set acctstoptime = from_unixtime(?), acctupdatetime = from_unixtime(?), acctsessiontime = ?,
          acctterminatecause = ? where acctuniqueid = ?`,
        [at, at, time, cause, id],
      ).then(() => {}),
    nasReboot: (nasIp, at) =>
      q(
        `update radacct set acctstoptime = from_unixtime(?), acctsessiontime = ? - unix_timestamp(acctstarttime),
          acctterminatecause = 'NAS-Reboot'
          where acctstoptime is null and nasipaddress = ? and acctstarttime <= from_unixtime(?)`,
        [at, at, nasIp, at],
      ).then(() => {}),
    close: () => connection.end(),
  };
}

export function postgresFreeRadius(client: pg.Client): FreeRadiusDb {
  const q = (text: string, params: unknown[]) => client.query(text, params);
  return {
    start: (s) =>
      q(
        `insert into radacct (${startColumns}) values ($1, $2, $3, null, $4, '15', 'Virtual', to_timestamp($5), to_timestamp($5),
          null, 0, 'RADIUS', '', null, 0, 0, 'pppoe', 'AA:BB:CC:DD:EE:FF', null, 'Framed-User', 'PPP', nullif($6, '')::inet,
          null, null, '', null)`,
        [s.uniqueId.slice(0, 8), s.uniqueId, s.username, s.nasIp, s.at, s.framedIp ?? ''],
      ).then(() => {}),
    interim: (id, at, time, ip) =>
      q(
        `update radacct set acctupdatetime = to_timestamp($1), acctinterval = $1 - extract(epoch from acctupdatetime),
          framedipaddress = $2::inet, acctsessiontime = $3 where acctuniqueid = $4 and acctstoptime is null`,
        [at, ip, time, id],
      ).then(() => {}),
    stop: (id, at, time, cause) =>
      q(
        `update radacct set acctstoptime = to_timestamp($1), acctupdatetime = to_timestamp($1), acctsessiontime = $2,
          acctterminatecause = $3 where acctuniqueid = $4`,
        [at, time, cause, id],
      ).then(() => {}),
    nasReboot: (nasIp, at) =>
      q(
        `update radacct set acctstoptime = to_timestamp($1), acctupdatetime = to_timestamp($1),
          acctsessiontime = ($1 - extract(epoch from acctstarttime)), acctterminatecause = 'NAS-Reboot'
          where acctstoptime is null and nasipaddress = $2 and acctstarttime <= to_timestamp($1)`,
        [at, nasIp],
      ).then(() => {}),
    close: () => client.end(),
  };
}
