global using Dapper;
global using FitnessAssistant.ServiceDefaults;
global using Npgsql;
