/** Response schemas shared by several routes (they also document the API in /api/openapi.json). */
export { errorSchema, idParams } from '../../shared/api-schemas.js';
