/**
 * With TEST_DATABASE_URL set, prepares a migrated template database once; every test database on PostgreSQL
 * is then a cheap `CREATE DATABASE … TEMPLATE` copy of it.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../db/database.js';

/** One template per checkout, so test runs of two checkouts on one machine never drop each other's template. */
export const TEMPLATE_DB = `avisa_test_template_${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 10)}`;

export async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: withDatabase(url, TEMPLATE_DB) });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
