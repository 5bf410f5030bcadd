/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ExplorerReference {\n  skillLevels {\n    code\n    rank\n    name\n    nationalGrade\n  }\n  educations {\n    code\n    name\n  }\n  counties: regions(level: COUNTY) {\n    code\n    name\n    latitude\n    longitude\n    parent {\n      code\n      name\n    }\n  }\n  cities: regions(level: CITY) {\n    code\n    name\n    latitude\n    longitude\n  }\n  designations {\n    code\n    name\n    memberCount\n  }\n  industries {\n    code\n    name\n  }\n}\n\nquery ExplorerOccupationSearch($q: String!) {\n  occupations(search: $q, first: 12) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        workTypes\n        series {\n          code\n          name\n        }\n      }\n    }\n  }\n}": typeof types.ExplorerReferenceDocument,
};
const documents: Documents = {
    "query ExplorerReference {\n  skillLevels {\n    code\n    rank\n    name\n    nationalGrade\n  }\n  educations {\n    code\n    name\n  }\n  counties: regions(level: COUNTY) {\n    code\n    name\n    latitude\n    longitude\n    parent {\n      code\n      name\n    }\n  }\n  cities: regions(level: CITY) {\n    code\n    name\n    latitude\n    longitude\n  }\n  designations {\n    code\n    name\n    memberCount\n  }\n  industries {\n    code\n    name\n  }\n}\n\nquery ExplorerOccupationSearch($q: String!) {\n  occupations(search: $q, first: 12) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        workTypes\n        series {\n          code\n          name\n        }\n      }\n    }\n  }\n}": types.ExplorerReferenceDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ExplorerReference {\n  skillLevels {\n    code\n    rank\n    name\n    nationalGrade\n  }\n  educations {\n    code\n    name\n  }\n  counties: regions(level: COUNTY) {\n    code\n    name\n    latitude\n    longitude\n    parent {\n      code\n      name\n    }\n  }\n  cities: regions(level: CITY) {\n    code\n    name\n    latitude\n    longitude\n  }\n  designations {\n    code\n    name\n    memberCount\n  }\n  industries {\n    code\n    name\n  }\n}\n\nquery ExplorerOccupationSearch($q: String!) {\n  occupations(search: $q, first: 12) {\n    totalCount\n    edges {\n      node {\n        id\n        name\n        workTypes\n        series {\n          code\n          name\n        }\n      }\n    }\n  }\n}"): typeof import('./graphql').ExplorerReferenceDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
