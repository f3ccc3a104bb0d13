/** Word lists of the demo ISP: Brazilian names, companies, streets, and cities of the South and Southeast. */

export const FEMALE_NAMES = [
  'Maria', 'Ana', 'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline',
  'Sandra', 'Camila', 'Amanda', 'Bruna', 'Jéssica', 'Letícia', 'Júlia', 'Luciana', 'Vanessa', 'Mariana',
  'Gabriela', 'Rafaela', 'Beatriz', 'Larissa', 'Cláudia', 'Simone', 'Daniela', 'Tatiane', 'Rosângela', 'Cristiane',
  'Débora', 'Natália', 'Viviane', 'Luana', 'Priscila', 'Helena', 'Valentina', 'Alice', 'Laura', 'Sofia',
  'Isabela', 'Manuela', 'Lívia', 'Cecília', 'Eduarda', 'Giovana', 'Elaine', 'Sônia', 'Terezinha', 'Lúcia',
];

export const MALE_NAMES = [
  'José', 'João', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos',
  'Luís', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo',
  'Manoel', 'Mateus', 'André', 'Fernando', 'Fábio', 'Leonardo', 'Gustavo', 'Guilherme', 'Leandro', 'Tiago',
  'Anderson', 'Ricardo', 'Márcio', 'Jorge', 'Sebastião', 'Alexandre', 'Roberto', 'Edson', 'Diego', 'Vítor',
  'Sérgio', 'Cláudio', 'Matheus', 'Thiago', 'Arthur', 'Heitor', 'Davi', 'Bernardo', 'Samuel', 'Enzo',
];

export const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
  'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa',
  'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas',
  'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Pinto', 'Correia', 'Schmidt', 'Müller',
  'Schneider', 'Becker', 'Koch', 'Zanella', 'Bortolotto', 'Rossi', 'Bianchi', 'De Bona', 'Warmling', 'Kretzer',
  'Conceição', 'Assunção', 'Magalhães', 'Brandão', 'Damásio', 'Simão', 'Estevão', 'Guimarães', 'Sá', 'Luz',
];

/** Particles between surnames ("Maria dos Santos"). */
export const PARTICLES = ['da', 'de', 'dos', 'das', 'do'];

export const BUSINESSES = [
  'Mercado', 'Padaria', 'Farmácia', 'Auto Peças', 'Oficina Mecânica', 'Pet Shop', 'Salão de Beleza',
  'Materiais de Construção', 'Restaurante', 'Pizzaria', 'Lanchonete', 'Açougue', 'Papelaria', 'Clínica Odontológica',
  'Escritório Contábil', 'Academia', 'Loja de Roupas', 'Distribuidora de Bebidas', 'Madeireira', 'Ótica',
];

export const COMPANY_SUFFIXES = ['Ltda', 'LTDA', 'ME', 'EIRELI', 'Ltda ME', 'S/A', 'MEI', 'EPP'];

export const STREET_TYPES: readonly (readonly [string, number])[] = [
  ['Rua', 70],
  ['Avenida', 12],
  ['Servidão', 6],
  ['Travessa', 5],
  ['Rodovia', 3],
  ['Estrada Geral', 4],
];

export const STREET_NAMES = [
  'XV de Novembro', 'Sete de Setembro', 'Getúlio Vargas', 'Santos Dumont', 'Marechal Deodoro', 'Tiradentes',
  'Dom Pedro II', 'Barão do Rio Branco', 'Coronel Pedro Demoro', 'das Flores', 'dos Ipês', 'das Palmeiras',
  'João Pessoa', 'Presidente Kennedy', 'Brasil', 'Osvaldo Cruz', 'Rui Barbosa', 'Duque de Caxias',
  'José de Alencar', 'Anita Garibaldi', 'Hercílio Luz', 'Nereu Ramos', 'Frei Caneca', 'São Cristóvão',
  'Padre Anchieta', 'Vereador Osni Ortiga', 'Lauro Linhares', 'Jacó Anderle', 'Beira Mar', 'Tancredo Neves',
];

export const COMPLEMENTS = ['Apto 101', 'Apto 302', 'Ap 12', 'Casa 2', 'Fundos', 'Bloco B Apto 204', 'Sala 3', 'Loja 1'];

export const CONDOMINIUMS = [
  'Residencial Jardim das Flores', 'Condomínio Vila Verde', 'Residencial Parque dos Ipês', 'Edifício Solar do Atlântico',
  'Condomínio Recanto do Sol', 'Residencial Bela Vista', 'Edifício Dom Jaime', 'Condomínio Porto Seguro',
  'Residencial Águas Claras', 'Edifício São Luiz', 'Residencial Bosque Imperial', 'Condomínio Morada da Colina',
];

export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['gmail.com', 60],
  ['hotmail.com', 15],
  ['outlook.com', 7],
  ['yahoo.com.br', 7],
  ['bol.com.br', 4],
  ['uol.com.br', 4],
  ['terra.com.br', 3],
];

export interface City {
  /** IXC `cidade.id`. */
  id: number;
  name: string;
  state: string;
  ddd: string;
  /** First three digits of the CEP. */
  cep: string;
  lat: number;
  lon: number;
  /** Share of subscribers (relative). */
  weight: number;
  bairros: readonly string[];
}

/** ~25 cities of a regional ISP centred on Santa Catarina, with a footprint in PR, RS, SP and MG. */
export const CITIES: readonly City[] = [
  { id: 4205, name: 'Florianópolis', state: 'SC', ddd: '48', cep: '880', lat: -27.5954, lon: -48.548, weight: 18,
    bairros: ['Centro', 'Trindade', 'Córrego Grande', 'Ingleses do Rio Vermelho', 'Canasvieiras', 'Estreito', 'Coqueiros', 'Itacorubi', 'Saco dos Limões', 'Campeche', 'Lagoa da Conceição', 'Santa Mônica'] },
  { id: 4216, name: 'São José', state: 'SC', ddd: '48', cep: '881', lat: -27.6136, lon: -48.6366, weight: 12,
    bairros: ['Kobrasol', 'Campinas', 'Barreiros', 'Forquilhinhas', 'Roçado', 'Areias', 'Serraria', 'Jardim Cidade de Florianópolis', 'Ipiranga'] },
  { id: 4211, name: 'Palhoça', state: 'SC', ddd: '48', cep: '881', lat: -27.6455, lon: -48.6697, weight: 8,
    bairros: ['Centro', 'Pagani', 'Ponte do Imaruim', 'Bela Vista', 'Pedra Branca', 'Caminho Novo', 'Jardim Eldorado', 'São Sebastião'] },
  { id: 4202, name: 'Biguaçu', state: 'SC', ddd: '48', cep: '881', lat: -27.4942, lon: -48.6598, weight: 4,
    bairros: ['Centro', 'Jardim Janaína', 'Fundos', 'Vendaval', 'Prado de Baixo'] },
  { id: 4204, name: 'Criciúma', state: 'SC', ddd: '48', cep: '888', lat: -28.6775, lon: -49.3697, weight: 7,
    bairros: ['Centro', 'Próspera', 'Pinheirinho', 'São Luiz', 'Rio Maina', 'Santa Bárbara', 'Comerciário', 'Michel'] },
  { id: 4218, name: 'Tubarão', state: 'SC', ddd: '48', cep: '887', lat: -28.4713, lon: -49.0144, weight: 4,
    bairros: ['Centro', 'Oficinas', 'Dehon', 'Humaitá', 'Vila Moema', 'São João'] },
  { id: 4209, name: 'Joinville', state: 'SC', ddd: '47', cep: '892', lat: -26.3045, lon: -48.8487, weight: 9,
    bairros: ['Centro', 'Costa e Silva', 'Aventureiro', 'Iririú', 'Boa Vista', 'Glória', 'Floresta', 'Itaum', 'Vila Nova'] },
  { id: 4203, name: 'Blumenau', state: 'SC', ddd: '47', cep: '890', lat: -26.9194, lon: -49.0661, weight: 6,
    bairros: ['Centro', 'Velha', 'Garcia', 'Itoupava Norte', 'Água Verde', 'Vila Nova', 'Fortaleza', 'Escola Agrícola'] },
  { id: 4208, name: 'Itajaí', state: 'SC', ddd: '47', cep: '883', lat: -26.9101, lon: -48.6705, weight: 5,
    bairros: ['Centro', 'São Vicente', 'Cordeiros', 'Fazenda', 'Vila Operária', 'São João'] },
  { id: 4201, name: 'Balneário Camboriú', state: 'SC', ddd: '47', cep: '883', lat: -26.9926, lon: -48.6352, weight: 4,
    bairros: ['Centro', 'Pioneiros', 'Nações', 'Vila Real', 'Barra', 'Estados'] },
  { id: 4206, name: 'Chapecó', state: 'SC', ddd: '49', cep: '898', lat: -27.1004, lon: -52.6152, weight: 4,
    bairros: ['Centro', 'Efapi', 'Passo dos Fortes', 'Presidente Médici', 'São Cristóvão', 'Jardim Itália'] },
  { id: 4210, name: 'Lages', state: 'SC', ddd: '49', cep: '885', lat: -27.815, lon: -50.3259, weight: 2,
    bairros: ['Centro', 'Coral', 'Universitário', 'Guarujá', 'Santa Helena'] },
  { id: 4101, name: 'Curitiba', state: 'PR', ddd: '41', cep: '810', lat: -25.4284, lon: -49.2733, weight: 5,
    bairros: ['Centro', 'Água Verde', 'Batel', 'Boqueirão', 'Portão', 'Cajuru', 'Sítio Cercado', 'Santa Felicidade', 'Bacacheri'] },
  { id: 4102, name: 'São José dos Pinhais', state: 'PR', ddd: '41', cep: '830', lat: -25.5313, lon: -49.2031, weight: 2,
    bairros: ['Centro', 'Afonso Pena', 'Boneca do Iguaçu', 'Cidade Jardim', 'Ouro Fino'] },
  { id: 4103, name: 'Londrina', state: 'PR', ddd: '43', cep: '860', lat: -23.3045, lon: -51.1696, weight: 2,
    bairros: ['Centro', 'Gleba Palhano', 'Jardim Shangri-lá', 'Cinco Conjuntos', 'Vivendas do Arvoredo'] },
  { id: 4104, name: 'Maringá', state: 'PR', ddd: '44', cep: '870', lat: -23.4205, lon: -51.9333, weight: 2,
    bairros: ['Zona 01', 'Zona 07', 'Jardim Alvorada', 'Vila Operária', 'Jardim Universitário'] },
  { id: 4105, name: 'Ponta Grossa', state: 'PR', ddd: '42', cep: '840', lat: -25.095, lon: -50.1619, weight: 1,
    bairros: ['Centro', 'Uvaranas', 'Oficinas', 'Nova Rússia', 'Órfãs'] },
  { id: 4301, name: 'Porto Alegre', state: 'RS', ddd: '51', cep: '900', lat: -30.0346, lon: -51.2177, weight: 3,
    bairros: ['Centro Histórico', 'Cidade Baixa', 'Menino Deus', 'Petrópolis', 'Restinga', 'Sarandi', 'Partenon'] },
  { id: 4302, name: 'Caxias do Sul', state: 'RS', ddd: '54', cep: '950', lat: -29.1678, lon: -51.1794, weight: 2,
    bairros: ['Centro', 'São Pelegrino', 'Rio Branco', 'Exposição', 'Cruzeiro', 'Santa Catarina'] },
  { id: 4303, name: 'Canoas', state: 'RS', ddd: '51', cep: '924', lat: -29.9128, lon: -51.1857, weight: 1,
    bairros: ['Centro', 'Niterói', 'Mathias Velho', 'Igara', 'Harmonia'] },
  { id: 4304, name: 'Pelotas', state: 'RS', ddd: '53', cep: '960', lat: -31.7654, lon: -52.3376, weight: 1,
    bairros: ['Centro', 'Fragata', 'Três Vendas', 'Areal', 'Laranjal'] },
  { id: 3501, name: 'Campinas', state: 'SP', ddd: '19', cep: '130', lat: -22.9099, lon: -47.0626, weight: 2,
    bairros: ['Centro', 'Cambuí', 'Barão Geraldo', 'Taquaral', 'Jardim Proença', 'Vila Industrial'] },
  { id: 3502, name: 'Sorocaba', state: 'SP', ddd: '15', cep: '180', lat: -23.5015, lon: -47.4526, weight: 1,
    bairros: ['Centro', 'Campolim', 'Vila Hortência', 'Éden', 'Wanel Ville'] },
  { id: 3503, name: 'Ribeirão Preto', state: 'SP', ddd: '16', cep: '140', lat: -21.1775, lon: -47.8103, weight: 1,
    bairros: ['Centro', 'Jardim Irajá', 'Campos Elíseos', 'Vila Tibério', 'Ribeirânia'] },
  { id: 3101, name: 'Belo Horizonte', state: 'MG', ddd: '31', cep: '301', lat: -19.9167, lon: -43.9345, weight: 2,
    bairros: ['Centro', 'Savassi', 'Pampulha', 'Barreiro', 'Venda Nova', 'Funcionários', 'Santa Efigênia'] },
  { id: 3102, name: 'Uberlândia', state: 'MG', ddd: '34', cep: '384', lat: -18.9186, lon: -48.2772, weight: 1,
    bairros: ['Centro', 'Santa Mônica', 'Tibery', 'Umuarama', 'Martins'] },
  { id: 3103, name: 'Juiz de Fora', state: 'MG', ddd: '32', cep: '360', lat: -21.7642, lon: -43.3503, weight: 1,
    bairros: ['Centro', 'São Mateus', 'Benfica', 'Cascatinha', 'Alto dos Passos'] },
];

/** Radius `Acct-Terminate-Cause` values as IXC stores them in `motivo_desconexao`, with how often they occur. */
export const DISCONNECT_REASONS: readonly (readonly [string, number])[] = [
  ['Lost-Carrier', 40],
  ['NAS-Request', 14],
  ['User-Request', 12],
  ['Idle-Timeout', 8],
  ['Port-Error', 7],
  ['Lost-Service', 6],
  ['Admin-Reset', 5],
  ['Session-Timeout', 5],
  ['NAS-Reboot', 3],
];
